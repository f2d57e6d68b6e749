/**
 * Splitting before WordPiece, as Hugging Face tokenizers does it for BERT: registered special tokens are cut out of
 * the raw text first (AddedVocabulary, tokens with normalized=false), then each remaining segment is normalized and
 * split on whitespace and punctuation (pre_tokenizers/bert.rs, after `_run_split_on_punc` in google-research/bert
 * tokenization.py).
 */
import { PUNCTUATION_CLASS } from './char-classes.js';

/** A word, or one punctuation character (ASCII punctuation or Unicode 8.0 P*, see char-classes.ts). */
const WORD_OR_PUNCT = new RegExp(`[${PUNCTUATION_CLASS}]|[^${PUNCTUATION_CLASS}\\p{White_Space}]+`, 'gu');

/** Words and single punctuation characters of normalized text, in order; whitespace is dropped. */
export function preTokenize(normalized: string): string[] {
  return normalized.match(WORD_OR_PUNCT) ?? [];
}

export interface Segment {
  text: string;
  /** True when `text` is exactly one special token, matched literally in the raw text. */
  special: boolean;
}

/** Finds special tokens in raw text: case-sensitive, anywhere (even inside a word), leftmost then longest. */
export class SpecialTokenSplitter {
  private readonly pattern: RegExp | null;

  constructor(specialTokens: readonly string[]) {
    // Alternation takes the first alternative that matches at the leftmost position, so longest goes first.
    const sorted = [...new Set(specialTokens)].filter((t) => t.length > 0).sort((a, b) => b.length - a.length);
    this.pattern = sorted.length === 0 ? null : new RegExp(sorted.map(escapeRegExp).join('|'), 'g');
  }

  split(text: string): Segment[] {
    if (this.pattern === null) return [{ text, special: false }];
    const segments: Segment[] = [];
    let last = 0;
    for (const match of text.matchAll(this.pattern)) {
      const at = match.index ?? 0;
      if (at > last) segments.push({ text: text.slice(last, at), special: false });
      segments.push({ text: match[0], special: true });
      last = at + match[0].length;
    }
    if (last < text.length) segments.push({ text: text.slice(last), special: false });
    return segments;
  }
}

function escapeRegExp(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
