/**
 * The character classes of Hugging Face's BertNormalizer and BertPreTokenizer, as regex class bodies built from the
 * fixed Unicode 8.0 tables (unicode8-tables.ts) rather than `\p{...}`, whose meaning follows Node's ICU version.
 * Whitespace stays `\p{White_Space}`: HF uses Rust's current `char::is_whitespace` for it.
 */
import { CONTROL, FORMAT, NONSPACING_MARK, PRIVATE_USE, PUNCTUATION } from './unicode8-tables.js';

/** `[start, end, ...]` ranges as the inside of a `u`-flag character class. */
export function classBody(ranges: readonly number[]): string {
  let body = '';
  for (let i = 0; i < ranges.length; i += 2) {
    const [start, end] = [ranges[i], ranges[i + 1]];
    body += start === end ? codePoint(start) : `${codePoint(start)}-${codePoint(end)}`;
  }
  return body;
}

function codePoint(cp: number): string {
  return `\\u{${cp.toString(16)}}`;
}

/** Unicode 8 Mn: dropped after NFD when accents are stripped. */
export const NONSPACING_MARK_CLASS = classBody(NONSPACING_MARK);

/** Unicode 8 Cc, Cf and Co: `unicode_categories::is_other` without Cn and Cs. */
export const OTHER_CLASS = classBody(CONTROL) + classBody(FORMAT) + classBody(PRIVATE_USE);

/**
 * BertPreTokenizer's punctuation: Rust's `is_ascii_punctuation` (all 32 ASCII symbols, including $ + < = > ^ ` | ~,
 * which are S* in Unicode) or Unicode 8 P*.
 */
export const PUNCTUATION_CLASS = '\\u{21}-\\u{2f}\\u{3a}-\\u{40}\\u{5b}-\\u{60}\\u{7b}-\\u{7e}' + classBody(PUNCTUATION);
