import { isAuditError } from '../../../src/errors.js';
import { fillSlot, parsePromptFile } from '../../../src/engines/openai/index.js';

const GOOD = `prompts:
  - system: You label the sentiment of a sentence.
    user: "Sentence: {text}\\nAnswer:"
labels:
  NEGATIVE: [negative]
  POSITIVE: [positive, good]
`;

function problemsOf(text: string): string[] {
  try {
    parsePromptFile(text, 'p.yaml');
  } catch (e) {
    if (isAuditError(e)) return [e.code, e.message, ...e.problems];
    throw e;
  }
  throw new Error('expected the prompt file to be refused');
}

describe('the prompt file of an LLM classifier', () => {
  it('reads the prompts and the labels in file order, with the file sha256', () => {
    const p = parsePromptFile(GOOD, 'p.yaml');
    expect(p.prompts).toEqual([{ system: 'You label the sentiment of a sentence.', user: 'Sentence: {text}\nAnswer:' }]);
    expect(p.labels).toEqual([{ name: 'NEGATIVE', verbalizers: ['negative'] }, { name: 'POSITIVE', verbalizers: ['positive', 'good'] }]);
    expect(p.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(parsePromptFile(GOOD.replace('Answer', 'Label'), 'p.yaml').sha256).not.toBe(p.sha256);
  });

  it('reports every problem with its line, as probe files do', () => {
    const bad = `prompts:
  - user: "no slot here"
    sytem: typo
labels:
  POSITIVE: []
`;
    const out = problemsOf(bad);
    expect(out[0]).toBe('E_PROMPT_INVALID');
    expect(out).toContain('p.yaml:2: prompts.0.user: must hold the slot {text} exactly once');
    expect(out).toContain('p.yaml:3: prompts.0.sytem: unknown field (allowed: id, system, user, completion)');
    expect(out).toContain('p.yaml:5: labels.POSITIVE: needs at least one verbalizer');
    expect(out.some((l) => /^p\.yaml:\d+: labels: needs at least two labels$/.test(l))).toBe(true);
  });

  it('refuses one answer meaning two labels, and YAML that does not parse', () => {
    expect(problemsOf(GOOD.replace('[positive, good]', '[positive, Negative]'))).toContain('p.yaml:6: labels.POSITIVE.1: "Negative" also means NEGATIVE');
    expect(problemsOf('prompts: [\n')[2]).toMatch(/^p\.yaml:\d+: \(yaml\): /);
  });

  it('puts the text in its slot verbatim, "$&" included', () => {
    expect(fillSlot('Sentence: {text}.', 'a $& b')).toBe('Sentence: a $& b.');
  });
});
