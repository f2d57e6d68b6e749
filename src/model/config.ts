/**
 * `config.json` for the supported architectures, field names verbatim from Hugging Face (`DistilBertConfig`,
 * `BertConfig` in transformers). Only the fields the forward pass needs are typed; the rest of the file is kept
 * in `raw`. Every problem is reported at once as an E_MODEL_CONFIG error naming the file.
 */
import { inputError } from '../errors.js';
import type { Activation } from './params.js';

export type { Activation } from './params.js';

/** Fields every sequence-classification config shares. */
interface CommonConfig {
  vocab_size: number;
  max_position_embeddings: number;
  /** Label index (as a string key, as in the file) -> label name. */
  id2label: Record<string, string>;
  pad_token_id: number;
  architectures?: string[];
  /**
   * How the head's logits become probabilities: softmax over the labels (single_label_classification, the default)
   * or one sigmoid per label (multi_label_classification, e.g. toxicity classifiers).
   */
  problem_type: ProblemType;
  /** The whole parsed file, for fields this toolkit does not use. */
  raw: Record<string, unknown>;
}

export interface DistilBertConfig extends CommonConfig {
  model_type: 'distilbert';
  dim: number;
  n_layers: number;
  n_heads: number;
  hidden_dim: number;
  activation: Activation;
}

export interface BertConfig extends CommonConfig {
  model_type: 'bert';
  hidden_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  intermediate_size: number;
  hidden_act: Activation;
  layer_norm_eps: number;
  type_vocab_size: number;
}

export type ModelConfig = DistilBertConfig | BertConfig;

export type ProblemType = 'single_label_classification' | 'multi_label_classification';
const PROBLEM_TYPES: readonly string[] = ['single_label_classification', 'multi_label_classification'];

export function isMultiLabel(config: { problem_type: ProblemType }): boolean {
  return config.problem_type === 'multi_label_classification';
}

const ACTIVATIONS: readonly string[] = ['gelu', 'relu'];

/** Labels in index order; `id2label` keys must be exactly 0..n-1. */
export function labelsOf(config: { id2label: Record<string, string> }): string[] {
  const n = Object.keys(config.id2label).length;
  return Array.from({ length: n }, (_, i) => config.id2label[String(i)]);
}

export function parseDistilBertConfig(raw: Record<string, unknown>, file: string): DistilBertConfig {
  const problems: string[] = [];
  positiveIntegers(raw, ['vocab_size', 'max_position_embeddings', 'dim', 'n_layers', 'n_heads', 'hidden_dim'], problems);
  divisible(raw, 'dim', 'n_heads', problems);
  const activation = oneOf(raw, 'activation', 'gelu', ACTIVATIONS, problems);
  const common = commonFields(raw, problems);
  if (problems.length > 0) throw invalid(file, 'DistilBERT', problems);
  return {
    ...common,
    model_type: 'distilbert',
    dim: raw.dim as number,
    n_layers: raw.n_layers as number,
    n_heads: raw.n_heads as number,
    hidden_dim: raw.hidden_dim as number,
    activation: activation as Activation,
  };
}

/** Defaults are BertConfig's own (hidden_act gelu, layer_norm_eps 1e-12, type_vocab_size 2). */
export function parseBertConfig(raw: Record<string, unknown>, file: string): BertConfig {
  const problems: string[] = [];
  positiveIntegers(raw, ['vocab_size', 'max_position_embeddings', 'hidden_size', 'num_hidden_layers', 'num_attention_heads', 'intermediate_size'], problems);
  divisible(raw, 'hidden_size', 'num_attention_heads', problems);
  const typeVocab = raw.type_vocab_size ?? 2;
  if (!Number.isInteger(typeVocab) || (typeVocab as number) <= 0) problems.push(`type_vocab_size: expected a positive integer, found ${JSON.stringify(typeVocab)}`);
  const eps = raw.layer_norm_eps ?? 1e-12;
  if (typeof eps !== 'number' || !(eps > 0) || !Number.isFinite(eps)) problems.push(`layer_norm_eps: expected a positive number, found ${JSON.stringify(eps)}`);
  const activation = oneOf(raw, 'hidden_act', 'gelu', ACTIVATIONS, problems);
  oneOf(raw, 'position_embedding_type', 'absolute', ['absolute'], problems);
  const common = commonFields(raw, problems);
  if (problems.length > 0) throw invalid(file, 'BERT', problems);
  return {
    ...common,
    model_type: 'bert',
    hidden_size: raw.hidden_size as number,
    num_hidden_layers: raw.num_hidden_layers as number,
    num_attention_heads: raw.num_attention_heads as number,
    intermediate_size: raw.intermediate_size as number,
    hidden_act: activation as Activation,
    layer_norm_eps: eps as number,
    type_vocab_size: typeVocab as number,
  };
}

function invalid(file: string, kind: string, problems: string[]) {
  return inputError('E_MODEL_CONFIG', `${file}: invalid ${kind} config (${problems.length} problem${problems.length > 1 ? 's' : ''})`, problems);
}

function positiveIntegers(raw: Record<string, unknown>, fields: readonly string[], problems: string[]): void {
  for (const field of fields) {
    const value = raw[field];
    if (value === undefined) problems.push(`${field}: missing`);
    else if (!Number.isInteger(value) || (value as number) <= 0) problems.push(`${field}: expected a positive integer, found ${JSON.stringify(value)}`);
  }
}

function divisible(raw: Record<string, unknown>, width: string, heads: string, problems: string[]): void {
  const w = raw[width];
  const h = raw[heads];
  if (Number.isInteger(w) && Number.isInteger(h) && (h as number) > 0 && (w as number) % (h as number) !== 0) {
    problems.push(`${width} (${w}) is not a multiple of ${heads} (${h})`);
  }
}

function oneOf(raw: Record<string, unknown>, field: string, fallback: string, allowed: readonly string[], problems: string[]): unknown {
  const value = raw[field] ?? fallback;
  if (typeof value !== 'string' || !allowed.includes(value)) {
    problems.push(`${field}: expected one of ${allowed.join(', ')}, found ${JSON.stringify(value)}`);
  }
  return value;
}

/** id2label, pad_token_id, architectures and the shared sizes (already checked by the caller). */
function commonFields(raw: Record<string, unknown>, problems: string[]): CommonConfig {
  const id2label = raw.id2label;
  if (id2label === null || typeof id2label !== 'object' || Array.isArray(id2label)) {
    problems.push('id2label: expected an object like {"0": "NEGATIVE", "1": "POSITIVE"}');
  } else {
    const entries = Object.entries(id2label as Record<string, unknown>);
    if (entries.length === 0) problems.push('id2label: no labels');
    entries.forEach((_, i) => {
      if (typeof (id2label as Record<string, unknown>)[String(i)] !== 'string') problems.push(`id2label: keys must be 0..${entries.length - 1} with string labels (key "${i}" missing or not a string)`);
    });
    // Two labels of one name would make --target read whichever comes first (P(NEGATIVE) for a second "POSITIVE").
    const seen = new Map<string, string>();
    for (const [key, name] of entries) {
      if (typeof name !== 'string') continue;
      if (seen.has(name)) problems.push(`id2label: the label ${JSON.stringify(name)} is given twice (keys "${seen.get(name)}" and "${key}"); label names must be distinct`);
      else seen.set(name, key);
    }
  }
  const pad = raw.pad_token_id ?? 0;
  if (!Number.isInteger(pad)) problems.push(`pad_token_id: expected an integer, found ${JSON.stringify(pad)}`);
  const architectures = Array.isArray(raw.architectures) ? raw.architectures.filter((a): a is string => typeof a === 'string') : undefined;
  // transformers leaves problem_type null until training sets it; null means softmax, as its pipeline does for >1 label.
  const problemType = raw.problem_type ?? 'single_label_classification';
  if (problemType === 'regression') {
    problems.push('problem_type: "regression" is not supported: a regression head gives a number, not label probabilities to audit');
  } else if (typeof problemType !== 'string' || !PROBLEM_TYPES.includes(problemType)) {
    problems.push(`problem_type: expected one of ${PROBLEM_TYPES.join(', ')} or null, found ${JSON.stringify(problemType)}`);
  }
  return {
    vocab_size: raw.vocab_size as number,
    max_position_embeddings: raw.max_position_embeddings as number,
    id2label: id2label as Record<string, string>,
    pad_token_id: pad as number,
    architectures,
    problem_type: problemType as ProblemType,
    raw,
  };
}
