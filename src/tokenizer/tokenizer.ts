/**
 * The BERT uncased tokenizer as Hugging Face's fast `DistilBertTokenizer` runs it: special tokens cut from the raw
 * text, BertNormalizer, BertPreTokenizer, WordPiece, then the BERT post-processor ([CLS] ... [SEP]) with truncation
 * from the end and padding on the right. Pure: the vocab comes in as an array (see load.ts for the files).
 */
import { inputError } from '../errors.js';
import { type NormalizerOptions, normalize } from './normalizer.js';
import { SpecialTokenSplitter, preTokenize } from './pre-tokenizer.js';
import { SPECIAL_TOKENS, vocabError, vocabProblems } from './vocab.js';
import { WordPiece } from './wordpiece.js';

export interface Encoding {
  inputIds: number[];
  tokens: string[];
  attentionMask: number[];
  truncated: boolean;
}

export interface BatchEncoding {
  inputIds: number[][];
  attentionMask: number[][];
  truncated: boolean[];
}

export interface TokenizerOptions {
  /** Lowercase and strip accents (default true, as bert-base-uncased). */
  doLowerCase?: boolean;
  /** Default truncation length, [CLS] and [SEP] included (default 512). */
  modelMaxLength?: number;
  /** NFD and drop nonspacing marks (default: as doLowerCase, HF's strip_accents null). */
  stripAccents?: boolean;
  /** Remove control and format characters, whitespace to spaces (default true). */
  cleanText?: boolean;
  /** Spaces around CJK ideographs (default true). */
  handleChineseChars?: boolean;
  /** The special tokens' names (default [PAD], [UNK], [CLS], [SEP]); each must be in the vocab. */
  specialTokens?: Partial<Record<'pad' | 'unk' | 'cls' | 'sep', string>>;
  /**
   * Tokens cut out of the text before WordPiece: raw ones (normalized false) from the raw text, normalized ones
   * from each normalized segment. Default: whichever of [PAD] [UNK] [CLS] [SEP] [MASK] the vocab has, raw.
   */
  addedTokens?: readonly AddedToken[];
  /** WordPiece continuation prefix (default "##"). */
  continuingSubwordPrefix?: string;
  /** Longer words (in code points) become one [UNK] (default 100). */
  maxInputCharsPerWord?: number;
}

export interface AddedToken {
  content: string;
  /** Matched in normalized text (true) or in raw text (false). */
  normalized: boolean;
}

export const DEFAULT_MODEL_MAX_LENGTH = 512;

const DEFAULT_NAMES = { pad: SPECIAL_TOKENS.pad, unk: SPECIAL_TOKENS.unk, cls: SPECIAL_TOKENS.cls, sep: SPECIAL_TOKENS.sep };

export class Tokenizer {
  readonly vocabSize: number;
  readonly padId: number;
  readonly clsId: number;
  readonly sepId: number;
  readonly unkId: number;
  readonly modelMaxLength: number;

  private readonly vocab: readonly string[];
  private readonly normalizer: NormalizerOptions;
  private readonly rawAdded: SpecialTokenSplitter;
  private readonly normalizedAdded: SpecialTokenSplitter;
  /** Normalized form -> id of the added token it comes from. */
  private readonly normalizedAddedIds: ReadonlyMap<string, number>;
  private readonly ids: ReadonlyMap<string, number>;
  private readonly wordPiece: WordPiece;

  /** Throws E_TOKENIZER for an empty vocab, duplicate or empty tokens, or missing special or added tokens. */
  constructor(vocab: string[], options: TokenizerOptions = {}) {
    const names = { ...DEFAULT_NAMES, ...options.specialTokens };
    const problems = vocabProblems(vocab, Object.values(names));
    if (problems.length > 0) throw vocabError('vocab', problems);
    const modelMaxLength = options.modelMaxLength ?? DEFAULT_MODEL_MAX_LENGTH;
    checkMaxLength(modelMaxLength, 'modelMaxLength');

    this.vocab = [...vocab];
    const ids = new Map<string, number>();
    this.vocab.forEach((token, id) => ids.set(token, id));
    this.ids = ids;
    const idOf = (token: string): number => ids.get(token) as number; // presence checked by vocabProblems

    this.vocabSize = this.vocab.length;
    this.padId = idOf(names.pad);
    this.unkId = idOf(names.unk);
    this.clsId = idOf(names.cls);
    this.sepId = idOf(names.sep);
    this.modelMaxLength = modelMaxLength;
    const doLowerCase = options.doLowerCase ?? true;
    this.normalizer = {
      lowercase: doLowerCase,
      stripAccents: options.stripAccents ?? doLowerCase,
      cleanText: options.cleanText ?? true,
      handleChineseChars: options.handleChineseChars ?? true,
    };
    const added = options.addedTokens
      ?? Object.values(SPECIAL_TOKENS).filter((t) => ids.has(t)).map((content) => ({ content, normalized: false }));
    const missing = added.filter((t) => !ids.has(t.content)).map((t) => `added token ${JSON.stringify(t.content)} is not in the ` +
      `vocabulary`);
    if (missing.length > 0) throw vocabError('vocab', missing);
    this.rawAdded = new SpecialTokenSplitter(added.filter((t) => !t.normalized).map((t) => t.content));
    // HF matches normalized added tokens by their own normalized form.
    const normalizedAdded = added.filter((t) => t.normalized);
    this.normalizedAddedIds = new Map(normalizedAdded.map((t) => [normalize(t.content, this.normalizer), idOf(t.content)]));
    this.normalizedAdded = new SpecialTokenSplitter([...this.normalizedAddedIds.keys()]);
    this.wordPiece = new WordPiece(ids, this.unkId, options.maxInputCharsPerWord, options.continuingSubwordPrefix);
  }

  /** Word pieces without special tokens. */
  tokenize(text: string): string[] {
    return this.pieceIds(text).map((id) => this.vocab[id]);
  }

  /** With [CLS]/[SEP]; truncates to maxLength (default modelMaxLength); `truncated` says whether it did. */
  encode(text: string, options: { maxLength?: number } = {}): Encoding {
    const maxLength = options.maxLength ?? this.modelMaxLength;
    checkMaxLength(maxLength, 'maxLength');
    const pieces = this.pieceIds(text);
    const room = maxLength - 2;
    const truncated = pieces.length > room;
    const inputIds = [this.clsId, ...(truncated ? pieces.slice(0, room) : pieces), this.sepId];
    return {
      inputIds,
      tokens: inputIds.map((id) => this.vocab[id]),
      attentionMask: inputIds.map(() => 1),
      truncated,
    };
  }

  /** Pads to the longest sequence in the batch with padId; attention mask 0 on padding. */
  encodeBatch(texts: string[], options: { maxLength?: number } = {}): BatchEncoding {
    const encodings = texts.map((text) => this.encode(text, options));
    const longest = encodings.reduce((most, e) => Math.max(most, e.inputIds.length), 0);
    const padding = (e: Encoding): number => longest - e.inputIds.length;
    return {
      inputIds: encodings.map((e) => [...e.inputIds, ...new Array<number>(padding(e)).fill(this.padId)]),
      attentionMask: encodings.map((e) => [...e.attentionMask, ...new Array<number>(padding(e)).fill(0)]),
      truncated: encodings.map((e) => e.truncated),
    };
  }

  private pieceIds(text: string): number[] {
    const out: number[] = [];
    for (const segment of this.rawAdded.split(text)) {
      if (segment.special) {
        out.push(this.ids.get(segment.text) as number);
        continue;
      }
      for (const part of this.normalizedAdded.split(normalize(segment.text, this.normalizer))) {
        if (part.special) {
          out.push(this.normalizedAddedIds.get(part.text) as number);
          continue;
        }
        for (const word of preTokenize(part.text)) {
          for (const id of this.wordPiece.piecesOf(word)) out.push(id);
        }
      }
    }
    return out;
  }
}

/** [CLS] and [SEP] must fit, so anything below 2 cannot be honoured. */
function checkMaxLength(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 2) {
    throw inputError('E_TOKENIZER', `${name} must be an integer of at least 2 ([CLS] and [SEP]), got ${value}`);
  }
}
