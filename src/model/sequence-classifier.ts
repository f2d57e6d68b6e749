/**
 * What every local-model engine shares: option checks, tokenizing, length-bucketed batching, input checks and
 * logits -> predictions. An engine only supplies a `BatchRunner` (one padded batch in, logits out), so the
 * TensorFlow.js and ONNX Runtime classifiers give the same labels, scores, warnings and errors.
 */
import { join, resolve } from 'node:path';
import { AuditError, inputError, usageError } from '../errors.js';
import { loadTokenizer, tokenizerFile } from '../tokenizer/index.js';
import type { Classifier, Prediction } from '../types.js';
import { planBatches } from './batching.js';
import { isMultiLabel, labelsOf, type ModelConfig } from './config.js';
import { parseModelConfig, readModelConfig } from './factory.js';

export const DEFAULT_TARGET = 'POSITIVE';
export const DEFAULT_BATCH_SIZE = 32;
/** Texts are tokenized this many at a time, so a huge predict() call never holds every padded encoding at once. */
const ENCODE_CHUNK = 256;

export type Tokenizer = Awaited<ReturnType<typeof loadTokenizer>>;

/** One batch, zero-padded to `width`: row-major [rows, width] ids and 0/1 mask. */
export interface PaddedBatch {
  rows: number;
  width: number;
  ids: Int32Array;
  mask: Uint8Array;
}

export interface BatchRunner {
  /** Logits, row-major [rows, labels]. */
  run(batch: PaddedBatch): Promise<ArrayLike<number>>;
  dispose(): void | Promise<void>;
}

/** Options every engine takes. */
export interface CommonLoadOptions {
  /** Label whose probability is `score` (default 'POSITIVE'). */
  target?: string;
  /** Where engine caches (exported ONNX graphs) live (default: `cacheDir()` from src/config/paths.ts). */
  cacheDir?: string;
  /** Truncation length in tokens, [CLS] and [SEP] included (default and maximum: max_position_embeddings). */
  maxLength?: number;
  /** Most sequences per forward pass (default 32). */
  batchSize?: number;
  /**
   * `--multi-label`: the caller expects a multi-label model. Local models say so in config.json (problem_type), so
   * this only checks that they do; it never turns a softmax head into sigmoids.
   */
  multiLabel?: boolean;
}

export interface CheckedLoad {
  root: string;
  config: ModelConfig;
  labels: string[];
  target: string;
  maxLength: number;
  batchSize: number;
  /** The WordPiece tokenizer, or null when the directory has neither tokenizer.json nor vocab.txt (forward() still works). */
  tokenizer: Tokenizer | null;
}

/** Cheap checks first: a bad directory, config or --target fails before any weight is read. */
export async function checkLoad(dir: string, options: CommonLoadOptions): Promise<CheckedLoad> {
  const root = resolve(dir);
  const { raw, file } = readModelConfig(root);
  const { config } = parseModelConfig(raw, file);
  const labels = labelsOf(config);
  const target = options.target ?? DEFAULT_TARGET;
  if (!labels.includes(target)) {
    throw usageError('E_TARGET', `--target ${JSON.stringify(target)}: ${file} has no such label (labels: ${labels.join(', ')})`);
  }
  if (options.multiLabel === true && !isMultiLabel(config)) {
    throw usageError('E_MULTI_LABEL', `--multi-label: ${file} has problem_type ${JSON.stringify(config.raw.problem_type ?? null)}, not "multi_label_classification"; a local model's head type comes from its config.json`);
  }
  const maxLength = options.maxLength ?? config.max_position_embeddings;
  if (!Number.isInteger(maxLength) || maxLength < 2 || maxLength > config.max_position_embeddings) {
    throw usageError('E_MAX_LENGTH', `maxLength ${maxLength}: must be an integer from 2 to ${config.max_position_embeddings} (max_position_embeddings in ${file})`);
  }
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw usageError('E_BATCH_SIZE', `--batch-size ${batchSize}: must be a positive integer`);
  const tokenizer = tokenizerFile(root) !== null ? await loadTokenizer(root) : null;
  // Every id the tokenizer can emit must have a row in the embedding: otherwise the first text holding such a token
  // fails mid-run inside the engine (GatherV2: index out of range) instead of here.
  if (tokenizer && tokenizer.vocabSize > config.vocab_size) {
    throw inputError('E_TOKENIZER', `${tokenizerFile(root)}: the tokenizer has ${tokenizer.vocabSize} tokens (ids up to ${tokenizer.vocabSize - 1}), `
      + `but ${file} has vocab_size ${config.vocab_size}; the tokenizer and the model do not belong together`);
  }
  return { root, config, labels, target, maxLength, batchSize, tokenizer };
}

export interface ClassifierInfo {
  checked: CheckedLoad;
  fingerprint: string;
  /** Reported as `Classifier.backend`, e.g. "tfjs-wasm", "onnxruntime-cpu". */
  backend: string;
  /** Warnings from loading (e.g. a cache that could not be written), returned by the first takeWarnings(). */
  warnings?: string[];
}

export class SequenceClassifier implements Classifier {
  readonly labels: string[];
  readonly target: string;
  readonly fingerprint: string;
  readonly name: string;
  readonly backend: string;
  readonly config: ModelConfig;
  /** config.json's problem_type is multi_label_classification: each label's probability is sigmoid(logit). */
  readonly multiLabel: boolean;
  private readonly targetIndex: number;
  private readonly checked: CheckedLoad;
  private warnings: string[] = [];
  private disposed = false;

  constructor(info: ClassifierInfo, private readonly runner: BatchRunner) {
    this.checked = info.checked;
    this.labels = info.checked.labels;
    this.config = info.checked.config;
    this.multiLabel = isMultiLabel(this.config);
    this.target = info.checked.target;
    this.targetIndex = this.labels.indexOf(this.target);
    this.fingerprint = info.fingerprint;
    this.name = info.checked.root;
    this.backend = info.backend;
    this.warnings = [...(info.warnings ?? [])];
  }

  async predict(texts: string[]): Promise<Prediction[]> {
    const tokenizer = this.checked.tokenizer;
    if (!tokenizer) {
      throw inputError('E_TOKENIZER', `${join(this.name, 'vocab.txt')}: missing; the model loads for forward() but predict() needs its tokenizer`);
    }
    const maxLength = this.checked.maxLength;
    const rows: number[][] = [];
    for (let start = 0; start < texts.length; start += ENCODE_CHUNK) {
      const chunk = texts.slice(start, start + ENCODE_CHUNK);
      const enc = tokenizer.encodeBatch(chunk, { maxLength });
      enc.inputIds.forEach((ids, i) => {
        rows.push(ids.filter((_, j) => enc.attentionMask[i][j] === 1));
        if (enc.truncated[i]) this.warnings.push(truncationWarning(chunk[i], maxLength));
      });
    }
    const logits = await this.logitsOf(rows, rows.map((r) => r.map(() => 1)));
    return logits.map((l, i) => {
      const probs = this.multiLabel ? l.map(sigmoid) : softmax(l);
      return { label: this.labels[argmax(l)], score: probs[this.targetIndex], probs, logits: l, inputIds: rows[i] };
    });
  }

  /** Logits for already-tokenized input (rows may be padded; each row's mask says which positions count). */
  async forward(inputIds: number[][], attentionMask: number[][]): Promise<number[][]> {
    checkInput(inputIds, attentionMask, this.config.max_position_embeddings, this.config.vocab_size);
    return this.logitsOf(inputIds, attentionMask);
  }

  /** Warnings gathered (e.g. a text over 512 tokens truncated), drained by the caller. */
  takeWarnings(): string[] {
    const out = this.warnings;
    this.warnings = [];
    return out;
  }

  /** Synchronous when the engine's release is (tfjs), so tensor counts drop before dispose() returns. */
  dispose(): void | Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    return this.runner.dispose();
  }

  /** Buckets rows by length (each trimmed to its last unmasked position), one engine call per batch. */
  private async logitsOf(ids: number[][], masks: number[][]): Promise<number[][]> {
    if (this.disposed) throw new AuditError('E_DISPOSED', `${this.name}: classifier used after dispose()`, { kind: 'internal' });
    const out: number[][] = new Array(ids.length);
    if (ids.length === 0) return out;
    const lengths = masks.map((m) => Math.max(1, m.lastIndexOf(1) + 1));
    const numLabels = this.labels.length;
    for (const { indices, width } of planBatches(lengths, { batchSize: this.checked.batchSize })) {
      const cells = indices.length * width;
      const batch: PaddedBatch = { rows: indices.length, width, ids: new Int32Array(cells), mask: new Uint8Array(cells) };
      indices.forEach((row, r) => {
        const n = Math.min(width, ids[row].length);
        for (let j = 0; j < n; j++) {
          batch.ids[r * width + j] = ids[row][j];
          batch.mask[r * width + j] = masks[row][j];
        }
      });
      const values = await this.runner.run(batch);
      indices.forEach((row, r) => {
        out[row] = Array.from({ length: numLabels }, (_, c) => values[r * numLabels + c]);
      });
    }
    return out;
  }
}

function checkInput(inputIds: number[][], attentionMask: number[][], maxPositions: number, vocabSize: number): void {
  if (inputIds.length !== attentionMask.length) throw new RangeError(`forward: ${inputIds.length} id rows but ${attentionMask.length} mask rows`);
  inputIds.forEach((row, i) => {
    const mask = attentionMask[i];
    if (row.length !== mask.length) throw new RangeError(`forward: row ${i} has ${row.length} ids but ${mask.length} mask values`);
    if (row.length > maxPositions) throw new RangeError(`forward: row ${i} has ${row.length} ids; the model takes at most ${maxPositions}`);
    row.forEach((id, j) => {
      if (!Number.isInteger(id) || id < 0 || id >= vocabSize) throw new RangeError(`forward: row ${i} position ${j}: id ${id} is outside [0, ${vocabSize})`);
      if (mask[j] !== 0 && mask[j] !== 1) throw new RangeError(`forward: row ${i} position ${j}: mask value ${mask[j]} is not 0 or 1`);
    });
  });
}

function truncationWarning(text: string, maxLength: number): string {
  const preview = text.length > 60 ? `${text.slice(0, 60)}…` : text;
  return `text truncated to ${maxLength} tokens (the model's limit): ${JSON.stringify(preview)}`;
}

/** In float64, from the float32 logits. */
export function softmax(logits: number[]): number[] {
  const max = Math.max(...logits);
  const exps = logits.map((x) => Math.exp(x - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/** In float64; the two branches keep exp() from overflowing for large |x|. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

function argmax(values: number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
