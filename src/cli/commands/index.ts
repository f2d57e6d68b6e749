import type { CommandModule } from 'yargs';
import { checkCommand } from './check.js';
import { datasetsCommand } from './datasets.js';
import { diffCommand } from './diff.js';
import { doctorCommand } from './doctor.js';
import { evalCommand } from './eval.js';
import { keygenCommand, reviewCommand, signCommand, verifyCommand } from './evidence.js';
import { exportCommand } from './export.js';
import { modelCommand } from './model.js';
import { planCommand } from './plan.js';
import { probesCommand } from './probes.js';
import { reportCommand } from './report.js';
import { runCommand } from './run.js';
import { scoreCommand } from './score.js';
import { summaryCommand } from './summary.js';
import { workerCommand } from './worker.js';

// Commands take different argument types; yargs accepts them as one list (and has no type for such a list).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: CommandModule<any, any>[] = [
  runCommand, scoreCommand, reportCommand, checkCommand, diffCommand, exportCommand, summaryCommand,
  planCommand, probesCommand, datasetsCommand, modelCommand, evalCommand, doctorCommand, workerCommand,
  reviewCommand, signCommand, verifyCommand, keygenCommand,
];
