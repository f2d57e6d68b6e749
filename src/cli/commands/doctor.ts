import type { Argv } from 'yargs';
import { BACKENDS, defineCommand, type ArgsOf, type GlobalOptions } from '../options.js';

const builder = (y: Argv<GlobalOptions>) =>
  y
    .option('model', { type: 'string', describe: 'The model to look for (as `audit run --model`)' })
    .option('cache', { type: 'string', describe: 'Cache directory' })
    .option('datasets', { type: 'string', describe: 'Datasets directory' })
    .option('backend', { choices: BACKENDS, default: 'auto' as const,
      describe: 'TensorFlow.js backend that --engine auto would be given' });

export type DoctorArgs = ArgsOf<typeof builder>;

export const doctorCommand = defineCommand({
  command: 'doctor',
  describe: 'Show each backend and engine (available or not, and why), which engine auto picks, the model that would be audited, and the ' +
    'datasets found',
  builder,
  handler: async (args) => (await import('../actions/doctor.js')).doctor(args),
});
