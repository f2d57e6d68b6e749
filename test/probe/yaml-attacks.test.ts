/** YAML built to exhaust the parser (an alias bomb, deep nesting) is bad input with a plain message, for probes and policies. */
import { exitCodeFor } from '../../src/cli/exit.js';
import { AuditError } from '../../src/errors.js';
import { parseProbeSpec } from '../../src/probe/parse.js';
import { parsePolicy } from '../../src/review/policy.js';

/** "Billion laughs": nine levels of nine aliases each, 9^9 (387 million) strings once expanded. */
function aliasBomb(): string {
  let text = 'l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
  for (let i = 1; i <= 9; i++) text += `l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(', ')}]\n`;
  return text;
}
const deep = `rules: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;

describe('hostile YAML', () => {
  it('an alias bomb in a probe file is one problem on line 1, not an out-of-memory crash', () => {
    const parsed = parseProbeSpec(`id: bomb\n${aliasBomb()}`, 'bomb.yaml');
    expect(parsed.problems).toEqual([{ path: [], label: '(yaml)', line: 1, message: expect.stringMatching(/^its aliases \(\*name\) expand too far \(more than 100 expansions per alias\)/) }]);
  });

  it('an alias bomb in a policy file is E_POLICY_INVALID (exit 2)', () => {
    let error: unknown;
    try {
      parsePolicy(`rules: {}\n${aliasBomb()}`, 'bomb-policy.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AuditError);
    expect(exitCodeFor(error)).toBe(2);
    expect((error as AuditError).problems).toEqual([expect.stringMatching(/^bomb-policy\.yaml:1: \(yaml\): its aliases \(\*name\) expand too far/)]);
  });

  it('deep nesting says "nested too deeply", not "Maximum call stack size exceeded"', () => {
    const probe = parseProbeSpec(deep, 'deep.yaml');
    expect(probe.problems.map((p) => p.message)).toContain('nested too deeply (lists or mappings inside each other, hundreds of levels down)');
    let error: unknown;
    try {
      parsePolicy(deep, 'deep-policy.yaml');
    } catch (e) {
      error = e;
    }
    expect(exitCodeFor(error)).toBe(2);
    expect((error as AuditError).problems.join('\n')).toContain('nested too deeply');
    expect((error as AuditError).problems.join('\n')).not.toContain('call stack');
  });

  it('ordinary aliases still work', () => {
    const parsed = parseProbeSpec('id: ok\nattribute: c\ntemplates: ["In {c}."]\nslots:\n  c: { values: &v [France, Peru] }\ncontrol: { values: [blick] }\n', 'ok.yaml');
    expect(parsed.problems).toEqual([]);
  });
});
