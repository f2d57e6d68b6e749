import type { SlotValue } from '../../src/result/index.js';
import type { Lexicon } from '../../src/expand/lexicon.js';
import { parseProbeSpec } from '../../src/probe/parse.js';
import type { LoadedProbe } from '../../src/probe/types.js';
import { lexiconRefs, validateProbe, type LexiconLoad } from '../../src/probe/validate.js';

/** A lexicon held in memory, as the loader would return it. */
export function lexicon(name: string, entries: (string | SlotValue)[]): Lexicon {
  return { name, version: 'test', source: `memory:${name}`, entries: entries.map((e) => (typeof e === 'string' ? { value: e } : e)) };
}

/** Parse + validate a probe written inline, with lexicon references answered from `lexicons`. */
export function validateText(yaml: string, lexicons: Record<string, Lexicon> = {}) {
  const parsed = parseProbeSpec(yaml, 'probe.yaml');
  const loads = new Map<string, LexiconLoad>(
    lexiconRefs(parsed).map((ref) => [
      ref,
      lexicons[ref] ? { lexicon: lexicons[ref], problems: [] } : { lexicon: null, problems: [{ line: null, message: 'no built-in lexicon of that name (looked for datasets/lexicons/' + ref + '.json)' }] },
    ]),
  );
  return validateProbe(parsed, loads);
}

export function loadText(yaml: string, lexicons: Record<string, Lexicon> = {}): LoadedProbe {
  const { loaded, problems } = validateText(yaml, lexicons);
  if (loaded === null) throw new Error(`invalid probe:\n${problems.join('\n')}`);
  return loaded;
}
