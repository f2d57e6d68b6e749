/**
 * Part-of-speech tags from wink-nlp with its English lite model (universal POS tags and lemmas), with character
 * offsets into the original text. Loaded lazily: most texts need no tags at all.
 */
import type { ItemToken } from 'wink-nlp';
import type { Token } from './detect.js';

export interface Tagger {
  tag(text: string): Token[];
}

export async function winkTagger(): Promise<Tagger> {
  const [{ default: winkNLP }, { default: model }] = await Promise.all([import('wink-nlp'), import('wink-eng-lite-web-model')]);
  const nlp = winkNLP(model);
  const its = nlp.its;
  return {
    tag(text) {
      const tokens: Token[] = [];
      let cursor = 0;
      nlp.readDoc(text).tokens().each((t: ItemToken) => {
        const value = t.out(its.value) as string;
        const start = text.indexOf(value, cursor);
        if (start < 0) return; // a token the tokenizer rewrote; offsets stay with the next one found
        cursor = start + value.length;
        tokens.push({ start, end: cursor, value, pos: t.out(its.pos) as string,
          lemma: String(t.out(its.lemma as Parameters<ItemToken['out']>[0])).toLowerCase() });
      });
      return tokens;
    },
  };
}
