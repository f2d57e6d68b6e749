/** Names with control characters cannot drive the terminal when `audit export` prints them. */
import { jest } from '@jest/globals';
import { exportRun } from '../../src/cli/actions/export.js';
import type { ExportArgs } from '../../src/cli/commands/export.js';
import { escapeForTerminal } from '../../src/util/terminal.js';
import { makeRun, writeRun } from '../review/helpers/synthetic.js';

const HOSTILE = 'Evil\u001b]0;pwned\u0007\u001b[2J\u202eReversed';

describe('escapeForTerminal', () => {
  it('shows ESC, BEL, C1 and bidi controls as escapes and keeps tabs, newlines and ordinary text', () => {
    expect(escapeForTerminal(HOSTILE)).toBe('Evil\\x1b]0;pwned\\x07\\x1b[2J\\u202eReversed');
    expect(escapeForTerminal('a\tb\nc \u0085 d\u007f')).toBe('a\tb\nc \\x85 d\\x7f');
    expect(escapeForTerminal('Côte d’Ivoire 日本')).toBe('Côte d’Ivoire 日本');
  });
});

describe('audit export to stdout', () => {
  const dir = writeRun(makeRun({ groups: [{ key: HOSTILE, effect: 0.1 }, { key: 'Plain', effect: -0.1 }] }), 'terminal');
  let written: string;
  let tty: boolean | undefined;
  beforeEach(() => {
    written = '';
    tty = process.stdout.isTTY;
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written += String(chunk);
      return true;
    });
  });
  afterEach(() => {
    jest.restoreAllMocks();
    (process.stdout as { isTTY?: boolean }).isTTY = tty;
  });

  it.each(['md', 'csv'])('escapes control characters on a terminal (%s)', async (format) => {
    (process.stdout as { isTTY?: boolean }).isTTY = true;
    await exportRun({ runDir: dir, format } as ExportArgs);
    expect(written).not.toMatch(/[\u001b\u0007\u202e]/);
    expect(written).toMatch(/\\x1b.*pwned\\x07.*\\u202eReversed/);
  });

  it('keeps the data as it is when stdout is a pipe or file', async () => {
    (process.stdout as { isTTY?: boolean }).isTTY = false;
    await exportRun({ runDir: dir, format: 'csv' } as ExportArgs);
    expect(written).toContain('\u001b]0;pwned\u0007');
  });
});
