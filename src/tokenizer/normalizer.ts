/**
 * BERT text normalization, as Hugging Face tokenizers' `BertNormalizer` (normalizers/bert.rs) runs it, itself a port
 * of BasicTokenizer in google-research/bert tokenization.py. Stage order follows the Rust code, which is what the
 * fast tokenizer (and so our reference) uses: clean -> pad CJK ideographs -> NFD + drop Mn -> lowercase.
 */
import { NONSPACING_MARK_CLASS, OTHER_CLASS } from './char-classes.js';

/**
 * Removed by cleaning: NUL, U+FFFD and the Rust crate's "other" categories Cc, Cf and Co (Unicode 8.0 tables, as
 * HF), but not tab/LF/CR (those are whitespace). Unassigned code points (Cn) are kept: `unicode_categories::is_other`
 * leaves them out, so HF turns U+0378 into [UNK] rather than dropping it. Lone surrogates cannot occur in a Rust
 * string; we drop them.
 */
const REMOVED = new RegExp(`(?![\\t\\n\\r])[\\u0000\\uFFFD\\uD800-\\uDFFF${OTHER_CLASS}]`, 'gu');

/** Rust's `char::is_whitespace` is the Unicode White_Space property (includes U+2028/9, not ZWSP). */
const WHITESPACE = /\p{White_Space}/gu;

/**
 * HF's CJK ideograph ranges. Note 0x2B920 (not 0x2B820 as in the Python original): we follow the Rust code,
 * which the references come from.
 */
const CJK =
  /[\u4E00-\u9FFF\u3400-\u4DBF\u{20000}-\u{2A6DF}\u{2A700}-\u{2B73F}\u{2B740}-\u{2B81F}\u{2B920}-\u{2CEAF}\uF900-\uFAFF\u{2F800}-\u{2FA1F}]/gu;

/** Unicode 8.0 Mn, as `unicode_categories::is_mark_nonspacing`. */
const NONSPACING_MARK = new RegExp(`[${NONSPACING_MARK_CLASS}]`, 'gu');

/** Printable ASCII only: cleaning, CJK padding and NFD are all no-ops, so only case can change. */
const PLAIN_ASCII = /^[\x20-\x7E]*$/;

const CAPITAL_SIGMA = /\u03A3/g;

/** BertNormalizer's four switches (tokenizer.json names in brackets). */
export interface NormalizerOptions {
  /** Lowercase [lowercase]. */
  lowercase: boolean;
  /** NFD, then drop nonspacing marks [strip_accents]; default: as `lowercase` (HF's strip_accents null). */
  stripAccents?: boolean;
  /** Remove control/format characters, map whitespace to spaces [clean_text]; default true. */
  cleanText?: boolean;
  /** Put spaces around CJK ideographs [handle_chinese_chars]; default true. */
  handleChineseChars?: boolean;
}

export function normalize(text: string, options: NormalizerOptions): string {
  if (PLAIN_ASCII.test(text)) return options.lowercase ? text.toLowerCase() : text;
  let out = text;
  if (options.cleanText ?? true) out = out.replace(REMOVED, '').replace(WHITESPACE, ' ');
  if (options.handleChineseChars ?? true) out = out.replace(CJK, ' $& ');
  if (options.stripAccents ?? options.lowercase) out = out.normalize('NFD').replace(NONSPACING_MARK, '');
  if (options.lowercase) out = lowercase(out);
  return out;
}

/**
 * Lowercases character by character, as Rust's `char::to_lowercase` does. JS `toLowerCase` on a whole string
 * applies the one context rule of Unicode lowercasing (word-final capital sigma -> ς); mapping Σ to σ first removes
 * that context, so the rest can be done in one call.
 */
function lowercase(text: string): string {
  return text.replace(CAPITAL_SIGMA, '\u03C3').toLowerCase();
}
