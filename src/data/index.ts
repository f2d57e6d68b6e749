/** The own-data stage (`audit run --data`): read, detect identity mentions, swap, score, analyse, write. Re-exports only. */
export { readData, dataSubject, BUILTIN_DATA, type ReadOptions } from './read.js';
export { runDataAudit, type DataAuditOptions, type DataAuditDeps, type DataAuditOutcome } from './run.js';
export { writeDataRunDir } from './output.js';
export { parseAxes, type AxisName } from './axes.js';
export { winkTagger } from './tagger.js';
export type { DataTable } from './types.js';
