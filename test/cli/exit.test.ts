/** Error output: one line per problem, the first 20 of them, then how many more. */
import { formatError } from '../../src/cli/exit.js';
import { inputError } from '../../src/errors.js';
import { audit, ensureBuilt } from '../helpers/cli.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('formatError', () => {
  it('prints the first 20 problems and "and N more"', () => {
    const problems = Array.from({ length: 200_000 }, (_, i) => `probe.yaml:${i + 1}: problem ${i + 1}`);
    const lines = formatError(inputError('E_PROBE_SPEC', 'probe.yaml: 200000 problems', problems), false).split('\n');
    expect(lines).toHaveLength(22);
    expect(lines[0]).toBe('audit: error E_PROBE_SPEC: probe.yaml: 200000 problems');
    expect(lines[20]).toBe('  probe.yaml:20: problem 20');
    expect(lines[21]).toBe('  and 199,980 more');
  });

  it('prints every problem when there are 20 or fewer', () => {
    const lines = formatError(inputError('E_PROBE_SPEC', 'two', ['a', 'b']), false).split('\n');
    expect(lines).toEqual(['audit: error E_PROBE_SPEC: two', '  a', '  b']);
  });
});

describe('a probe with hundreds of problems on the command line', () => {
  it('shows 20 of them and the count of the rest', () => {
    ensureBuilt();
    const dir = mkdtempSync(join(tmpdir(), 'audit-many-'));
    try {
      const templates = Array.from({ length: 300 }, (_, i) => `  - "Template ${i} uses {nope${i}}."`).join('\n');
      writeFileSync(join(dir, 'many.yaml'), `id: many\nattribute: c\ntemplates:\n${templates}\nslots:\n  c: { values: [A, B] }\n`);
      const r = audit(['probes', 'validate', join(dir, 'many.yaml')]);
      expect(r.code).toBe(2);
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(22);
      expect(lines[21]).toMatch(/^ {2}and [\d,]+ more$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
