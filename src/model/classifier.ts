/**
 * The library entry for a local model directory: `loadClassifier(dir)` -> a `Classifier` that tokenizes, runs the
 * TensorFlow.js forward pass in length-bucketed batches (one `data()` read per batch) and returns plain numbers.
 */
import * as tf from '@tensorflow/tfjs-core';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AuditError, inputError, usageError } from '../errors.js';
import { loadTokenizer } from '../tokenizer/index.js';
import type { Classifier, Prediction } from '../types.js';
import { selectBackend, useBackend, type BackendName, type SelectedBackend } from './backend.js';
import { planBatches } from './batching.js';
import { labelsOf, type DistilBertConfig } from './config.js';
import { loadModel, parseModelConfig, readModelConfig, type SequenceClassificationModel } from './factory.js';
import { modelFingerprint } from './fingerprint.js';

export type { BackendName } from './backend.js';

export interface LoadOptions {
  backend?: BackendName;
  /** Label whose probability is `score` (default 'POSITIVE'). */
  target?: string;
  /** Where fingerprints are memoised (default: `cacheDir()` from src/config/paths.ts). */
  cacheDir?: string;
  /** Truncation length in tokens, [CLS] and [SEP] included (default and maximum: max_position_embeddings). */
  maxLength?: number;
  /** Most sequences per forward pass (default 32). */
  batchSize?: number;
}

export interface TfjsClassifier extends Classifier {
  /** Logits for already-tokenized input (rows may be padded; each row's mask says which positions count). */
  forward(inputIds: number[][], attentionMask: number[][]): Promise<number[][]>;
  readonly config: DistilBertConfig;
  /** Warnings gathered (e.g. a text over 512 tokens truncated), drained by the caller. */
  takeWarnings(): string[];
}

export const DEFAULT_TARGET = 'POSITIVE';
export const DEFAULT_BATCH_SIZE = 32;
/** Texts are tokenized this many at a time, so a huge predict() call never holds every padded encoding at once. */
const ENCODE_CHUNK = 256;

type Tokenizer = Awaited<ReturnType<typeof loadTokenizer>>;

export { modelFingerprint };

export async function loadClassifier(dir: string, options: LoadOptions = {}): Promise<TfjsClassifier> {
  const root = resolve(dir);
  // Cheap checks first: a bad directory, config or --target fails before any weight is read.
  const { raw, file } = readModelConfig(root);
  const { config } = parseModelConfig(raw, file);
  const labels = labelsOf(config);
  const target = options.target ?? DEFAULT_TARGET;
  if (!labels.includes(target)) {
    throw usageError('E_TARGET', `--target ${JSON.stringify(target)}: ${file} has no such label (labels: ${labels.join(', ')})`);
  }
  const maxLength = options.maxLength ?? config.max_position_embeddings;
  if (!Number.isInteger(maxLength) || maxLength < 2 || maxLength > config.max_position_embeddings) {
    throw usageError('E_MAX_LENGTH', `maxLength ${maxLength}: must be an integer from 2 to ${config.max_position_embeddings} (max_position_embeddings in ${file})`);
  }
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw usageError('E_BATCH_SIZE', `--batch-size ${batchSize}: must be a positive integer`);

  const tokenizer = existsSync(join(root, 'vocab.txt')) ? await loadTokenizer(root) : null;
  const backend = await selectBackend(options.backend ?? 'auto');
  const model = await loadModel(root);
  // Hashed after the weights passed their checks, so a broken directory is reported before being read twice.
  let fingerprint: string;
  try {
    fingerprint = await modelFingerprint(root, options.cacheDir);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return new DistilBertClassifier(root, model, backend, tokenizer, { target, maxLength, batchSize, fingerprint });
}

interface Settings {
  target: string;
  maxLength: number;
  batchSize: number;
  fingerprint: string;
}

class DistilBertClassifier implements TfjsClassifier {
  readonly labels: string[];
  readonly target: string;
  readonly fingerprint: string;
  readonly name: string;
  readonly backend: string;
  readonly config: DistilBertConfig;
  private readonly targetIndex: number;
  private warnings: string[] = [];
  private disposed = false;

  constructor(
    private readonly dir: string,
    private readonly model: SequenceClassificationModel,
    private readonly selected: SelectedBackend,
    private readonly tokenizer: Tokenizer | null,
    private readonly settings: Settings,
  ) {
    this.labels = model.labels;
    this.config = model.config;
    this.target = settings.target;
    this.targetIndex = this.labels.indexOf(settings.target);
    this.fingerprint = settings.fingerprint;
    this.name = dir;
    this.backend = selected.label;
  }

  async predict(texts: string[]): Promise<Prediction[]> {
    if (!this.tokenizer) {
      throw inputError('E_TOKENIZER', `${join(this.dir, 'vocab.txt')}: missing; the model loads for forward() but predict() needs its tokenizer`);
    }
    const rows: number[][] = [];
    for (let start = 0; start < texts.length; start += ENCODE_CHUNK) {
      const chunk = texts.slice(start, start + ENCODE_CHUNK);
      const enc = this.tokenizer.encodeBatch(chunk, { maxLength: this.settings.maxLength });
      enc.inputIds.forEach((ids, i) => {
        rows.push(ids.filter((_, j) => enc.attentionMask[i][j] === 1));
        if (enc.truncated[i]) this.warnings.push(truncationWarning(chunk[i], this.settings.maxLength));
      });
    }
    const logits = await this.logitsOf(rows, rows.map((r) => r.map(() => 1)));
    return logits.map((l, i) => {
      const probs = softmax(l);
      return { label: this.labels[argmax(l)], score: probs[this.targetIndex], probs, logits: l, inputIds: rows[i] };
    });
  }

  async forward(inputIds: number[][], attentionMask: number[][]): Promise<number[][]> {
    checkInput(inputIds, attentionMask, this.model);
    return this.logitsOf(inputIds, attentionMask);
  }

  takeWarnings(): string[] {
    const out = this.warnings;
    this.warnings = [];
    return out;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.model.dispose();
  }

  /** Buckets rows by length (each trimmed to its last unmasked position), one forward and one read per batch. */
  private async logitsOf(ids: number[][], masks: number[][]): Promise<number[][]> {
    if (this.disposed) throw new AuditError('E_DISPOSED', `${this.dir}: classifier used after dispose()`, { kind: 'internal' });
    const out: number[][] = new Array(ids.length);
    if (ids.length === 0) return out;
    await useBackend(this.selected);
    const lengths = masks.map((m) => Math.max(1, m.lastIndexOf(1) + 1));
    const numLabels = this.labels.length;
    for (const batch of planBatches(lengths, { batchSize: this.settings.batchSize })) {
      const { indices, width } = batch;
      const idData = new Int32Array(indices.length * width); // zeros: padding id, masked out below
      const maskData = new Float32Array(indices.length * width);
      indices.forEach((row, r) => {
        const n = Math.min(width, ids[row].length);
        for (let j = 0; j < n; j++) {
          idData[r * width + j] = ids[row][j];
          maskData[r * width + j] = masks[row][j];
        }
      });
      const idTensor = tf.tensor2d(idData, [indices.length, width], 'int32');
      const maskTensor = tf.tensor2d(maskData, [indices.length, width], 'float32');
      let logits: tf.Tensor2D | undefined;
      try {
        logits = this.model.forward(idTensor, maskTensor);
        const values = await logits.data();
        indices.forEach((row, r) => {
          out[row] = Array.from(values.subarray(r * numLabels, (r + 1) * numLabels));
        });
      } finally {
        tf.dispose([idTensor, maskTensor, ...(logits ? [logits] : [])]);
      }
    }
    return out;
  }
}

function checkInput(inputIds: number[][], attentionMask: number[][], model: SequenceClassificationModel): void {
  if (inputIds.length !== attentionMask.length) throw new RangeError(`forward: ${inputIds.length} id rows but ${attentionMask.length} mask rows`);
  inputIds.forEach((row, i) => {
    const mask = attentionMask[i];
    if (row.length !== mask.length) throw new RangeError(`forward: row ${i} has ${row.length} ids but ${mask.length} mask values`);
    if (row.length > model.maxPositions) throw new RangeError(`forward: row ${i} has ${row.length} ids; the model takes at most ${model.maxPositions}`);
    row.forEach((id, j) => {
      if (!Number.isInteger(id) || id < 0 || id >= model.vocabSize) throw new RangeError(`forward: row ${i} position ${j}: id ${id} is outside [0, ${model.vocabSize})`);
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

function argmax(values: number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
