/** The exit-code map lives in src/util/exit.ts, shared by the `audit` binary and the demo-model trainer. */
export { EXIT, exitCodeFor, formatError } from '../util/exit.js';
