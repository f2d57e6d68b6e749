/** Model evaluation on SST-2 dev (accuracy, F1, AUC). Re-exports only. */
export { evalSst2Dev, type EvalResult } from './sst2.js';
