/** The review commands read run directories through the one shared reader (src/result/read.ts). */
export { readResult as loadRun, resultPath } from '../result/read.js';
