import { exportRun as render } from '../../review/export.js';
import { loadRun } from '../../review/run-dir.js';
import { writeFileAtomic } from '../../util/atomic.js';
import { escapeForTerminal } from '../../util/terminal.js';
import type { ExportArgs } from '../commands/export.js';

export async function exportRun(args: ExportArgs): Promise<void> {
  const text = render(loadRun(args.runDir), args.format);
  if (args.out) {
    writeFileAtomic(args.out, text);
    process.stdout.write(`${args.out}\n`);
  } else {
    // On a terminal, control characters in group names would be obeyed, not shown.
    process.stdout.write(process.stdout.isTTY ? escapeForTerminal(text) : text);
  }
}
