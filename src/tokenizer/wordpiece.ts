/**
 * Greedy longest-match-first WordPiece, as in google-research/bert tokenization.py (WordpieceTokenizer) and Hugging
 * Face tokenizers models/wordpiece: pieces after the first carry a prefix ("##"); a word with more than
 * `maxInputCharsPerWord` characters (code points), or with any stretch no vocab entry covers, becomes one [UNK].
 */

export const CONTINUATION_PREFIX = '##';
export const MAX_INPUT_CHARS_PER_WORD = 100;

/** Bounds memory on endless streams of distinct words; real corpora stay far below it. */
const CACHE_LIMIT = 200_000;

export class WordPiece {
  private readonly cache = new Map<string, readonly number[]>();
  /** Longest vocab entry (UTF-16 units, "##" removed): longer substrings need not be looked up. */
  private readonly maxPieceLength: number;

  constructor(
    private readonly ids: ReadonlyMap<string, number>,
    private readonly unkId: number,
    private readonly maxInputCharsPerWord = MAX_INPUT_CHARS_PER_WORD,
    private readonly prefix = CONTINUATION_PREFIX,
  ) {
    let longest = 1;
    for (const token of ids.keys()) {
      const length = prefix !== '' && token.startsWith(prefix) ? token.length - prefix.length : token.length;
      if (length > longest) longest = length;
    }
    this.maxPieceLength = longest;
  }

  /** Piece ids of one pre-tokenized word (never empty). The returned array is shared: do not mutate it. */
  piecesOf(word: string): readonly number[] {
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached;
    const pieces = this.split(word);
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(word, pieces);
    return pieces;
  }

  private split(word: string): number[] {
    // Each code point is at most two UTF-16 units: this skips scanning very long words.
    if (word.length > 2 * this.maxInputCharsPerWord) return [this.unkId];
    const starts = codePointStarts(word);
    const chars = starts.length - 1;
    if (chars > this.maxInputCharsPerWord) return [this.unkId];
    const pieces: number[] = [];
    let from = 0;
    while (from < chars) {
      let to = chars;
      while (to > from && starts[to] - starts[from] > this.maxPieceLength) to -= 1;
      let id: number | undefined;
      for (; to > from; to -= 1) {
        const piece = word.slice(starts[from], starts[to]);
        id = this.ids.get(from === 0 ? piece : this.prefix + piece);
        if (id !== undefined) break;
      }
      if (id === undefined) return [this.unkId];
      pieces.push(id);
      from = to;
    }
    return pieces;
  }
}

/** UTF-16 offsets where each code point starts, plus the string length: pieces never split a surrogate pair. */
function codePointStarts(word: string): number[] {
  const starts: number[] = [];
  for (let i = 0; i < word.length; i += 1) {
    starts.push(i);
    const unit = word.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < word.length) {
      const next = word.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i += 1;
    }
  }
  starts.push(word.length);
  return starts;
}
