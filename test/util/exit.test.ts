import { inputError } from '../../src/errors.js';
import { exitCodeFor, formatError } from '../../src/util/exit.js';

describe('formatError (what the audit binary prints for an error)', () => {
  it('prints the cause first, then the first 20 problem lines and "and N more"', () => {
    const problems = Array.from({ length: 39 }, (_, i) => `weight ${i}: shape [64], config.json implies [48]`);
    const lines = formatError(inputError('E_WEIGHTS_SHAPE', 'model.safetensors: 39 weights do not match config.json', problems), false).split('\n');
    expect(lines[0]).toBe('audit: error E_WEIGHTS_SHAPE: model.safetensors: 39 weights do not match config.json');
    expect(lines.slice(1, 21)).toEqual(problems.slice(0, 20).map((p) => `  ${p}`));
    expect(lines.slice(21)).toEqual(['  and 19 more']);
  });

  it('prints every problem when there are at most 20, and maps input errors to exit code 2', () => {
    const error = inputError('E_PROBE_SPEC', 'probe.yaml: 2 problems', ['probe.yaml:3: id: required', 'probe.yaml:4: title: required']);
    expect(formatError(error, false).split('\n')).toHaveLength(3);
    expect(exitCodeFor(error)).toBe(2);
  });
});
