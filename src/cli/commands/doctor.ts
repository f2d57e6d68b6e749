import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../options.js';

export interface DoctorArgs extends GlobalArgs {
  model?: string;
  cache?: string;
  datasets?: string;
}

export const doctorCommand: CommandModule<GlobalArgs, DoctorArgs> = {
  command: 'doctor',
  describe: 'Show each backend (available or not, and why), the model that would be audited, and the datasets found',
  builder: (y: Argv<GlobalArgs>) =>
    y.option('model', { type: 'string' }).option('cache', { type: 'string' }).option('datasets', { type: 'string' }) as unknown as Argv<DoctorArgs>,
  handler: async (args) => (await import('../actions/doctor.js')).doctor(args),
};
