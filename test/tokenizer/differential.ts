/**
 * Differential comparison of our tokenizer with Hugging Face tokenizers: the texts (every code point of given
 * categories alone and between two letters, seeded random mixed texts) and the comparison itself.
 */
import { createRequire } from 'node:module';
import { mulberry32 } from '../../src/stats/random.js';
import type { Tokenizer } from '../../src/tokenizer/index.js';
import { type HfTokenizer, hfEncode } from './hf-tokenizers.js';

const require = createRequire(import.meta.url);

/** Code points of the unicode-8.0.0 General_Category folders named. */
export function unicode8CodePoints(categories: string[]): number[] {
  return categories.flatMap((c) => require(`unicode-8.0.0/General_Category/${c}/code-points.js`) as number[]);
}

/** Code points (surrogates excluded) matching a regex in Node's own, current Unicode tables. */
export function currentCodePoints(pattern: RegExp): number[] {
  const out: number[] = [];
  for (let cp = 0; cp <= 0x10ffff; cp += 1) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    if (pattern.test(String.fromCodePoint(cp))) out.push(cp);
  }
  return out;
}

/** Each code point alone and between two letters ("a" + c + "b"). */
export function codePointTexts(codePoints: Iterable<number>): string[] {
  const texts: string[] = [];
  for (const cp of codePoints) {
    const c = String.fromCodePoint(cp);
    texts.push(c, `a${c}b`);
  }
  return texts;
}

/** Every code point but the surrogates, 0 to U+10FFFF. */
export function* allCodePoints(): Generator<number> {
  for (let cp = 0; cp <= 0x10ffff; cp += 1) if (cp < 0xd800 || cp > 0xdfff) yield cp;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const WORDS = ['the', 'film', 'was', 'Straße', 'CAFÉ', 'naïve', 'unaffable', 'don\'t', '[CLS]', '[SEP]', '[MASK]', '[PAD]',
  '[UNK]', '[cls]', 'ΣΑΣ', 'İstanbul', '東京', '한국어', 'ไทย', 'مرحبا', '１２３', '😀', '👩‍👩‍👧'];

/**
 * `count` seeded random texts mixing words, ASCII, spaces of every kind, marks, format and control characters,
 * CJK, astral and arbitrary code points, and now and then a word over the 100-character limit.
 */
export function randomTexts(count: number, seed: number, extra: readonly number[]): string[] {
  const rng = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)];
  const piece = (): string => {
    switch (rng.int(10)) {
      case 0: return pick(WORDS);
      case 1: return ' \t\n\r\u00a0\u2028\u3000\u200b\u0085'[rng.int(9)];
      case 2: return String.fromCharCode(0x20 + rng.int(95));
      case 3: return String.fromCodePoint(pick(extra));
      case 4: return String.fromCodePoint(0x80 + rng.int(0x2f80)); // Latin-1 to the start of CJK
      case 5: return String.fromCodePoint(0x3000 + rng.int(0x7000)); // CJK, kana, hangul
      case 6: {
        const cp = rng.int(0x110000);
        return cp >= 0xd800 && cp <= 0xdfff ? '?' : String.fromCodePoint(cp);
      }
      case 7: return rng.int(40) === 0 ? 'x'.repeat(95 + rng.int(10)) : pick(WORDS).toUpperCase();
      default: return LETTERS[rng.int(LETTERS.length)].repeat(1 + rng.int(6));
    }
  };
  return Array.from({ length: count }, () => Array.from({ length: 1 + rng.int(24) }, piece).join(''));
}

/** Texts whose ids differ, shown as `"text" hf [...] ours [...]` (first `limit`), and how many differ. */
export async function differences(
  ours: Tokenizer,
  hf: HfTokenizer,
  texts: string[],
  maxLength?: number,
  limit = 10,
): Promise<{ count: number; shown: string[] }> {
  const shown: string[] = [];
  let count = 0;
  const chunk = 50_000; // keeps the binding's result arrays small
  for (let from = 0; from < texts.length; from += chunk) {
    const part = texts.slice(from, from + chunk);
    const reference = await hfEncode(hf, part, maxLength);
    part.forEach((text, i) => {
      const got = ours.encode(text, maxLength === undefined ? {} : { maxLength }).inputIds;
      if (got.length === reference[i].length && got.every((id, k) => id === reference[i][k])) return;
      count += 1;
      if (shown.length < limit) shown.push(`${JSON.stringify(text)} hf ${JSON.stringify(reference[i])} ours ${JSON.stringify(got)}`);
    });
  }
  return { count, shown };
}
