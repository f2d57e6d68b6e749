/**
 * DistilBERT's `config.json`, field names verbatim from Hugging Face (`DistilBertConfig` in transformers).
 * Only the fields the forward pass needs are typed; the rest of the file is kept in `raw`.
 */
import { inputError } from '../errors.js';

export type Activation = 'gelu' | 'relu';

export interface DistilBertConfig {
  model_type: 'distilbert';
  vocab_size: number;
  max_position_embeddings: number;
  dim: number;
  n_layers: number;
  n_heads: number;
  hidden_dim: number;
  activation: Activation;
  /** Label index (as a string key, as in the file) -> label name. */
  id2label: Record<string, string>;
  pad_token_id: number;
  architectures?: string[];
  /** The whole parsed file, for fields this toolkit does not use. */
  raw: Record<string, unknown>;
}

const INTEGER_FIELDS = ['vocab_size', 'max_position_embeddings', 'dim', 'n_layers', 'n_heads', 'hidden_dim'] as const;
const ACTIVATIONS: readonly string[] = ['gelu', 'relu'];

/** Labels in index order; `id2label` keys must be exactly 0..n-1. */
export function labelsOf(config: { id2label: Record<string, string> }): string[] {
  const n = Object.keys(config.id2label).length;
  return Array.from({ length: n }, (_, i) => config.id2label[String(i)]);
}

/**
 * Checks a parsed `config.json` (already known to have `model_type: "distilbert"`) and returns it typed.
 * Every problem is reported at once as an E_MODEL_CONFIG error naming `file`.
 */
export function parseDistilBertConfig(raw: Record<string, unknown>, file: string): DistilBertConfig {
  const problems: string[] = [];
  for (const field of INTEGER_FIELDS) {
    const value = raw[field];
    if (value === undefined) problems.push(`${field}: missing`);
    else if (!Number.isInteger(value) || (value as number) <= 0) problems.push(`${field}: expected a positive integer, found ${JSON.stringify(value)}`);
  }
  const dim = raw.dim as number;
  const heads = raw.n_heads as number;
  if (Number.isInteger(dim) && Number.isInteger(heads) && heads > 0 && dim % heads !== 0) {
    problems.push(`dim (${dim}) is not a multiple of n_heads (${heads})`);
  }
  const activation = raw.activation ?? 'gelu';
  if (typeof activation !== 'string' || !ACTIVATIONS.includes(activation)) {
    problems.push(`activation: expected one of ${ACTIVATIONS.join(', ')}, found ${JSON.stringify(activation)}`);
  }
  const id2label = raw.id2label;
  if (id2label === null || typeof id2label !== 'object' || Array.isArray(id2label)) {
    problems.push('id2label: expected an object like {"0": "NEGATIVE", "1": "POSITIVE"}');
  } else {
    const entries = Object.entries(id2label as Record<string, unknown>);
    if (entries.length === 0) problems.push('id2label: no labels');
    entries.forEach((_, i) => {
      if (typeof (id2label as Record<string, unknown>)[String(i)] !== 'string') problems.push(`id2label: keys must be 0..${entries.length - 1} with string labels (key "${i}" missing or not a string)`);
    });
  }
  const pad = raw.pad_token_id ?? 0;
  if (!Number.isInteger(pad)) problems.push(`pad_token_id: expected an integer, found ${JSON.stringify(pad)}`);
  if (problems.length > 0) {
    throw inputError('E_MODEL_CONFIG', `${file}: invalid DistilBERT config (${problems.length} problem${problems.length > 1 ? 's' : ''})`, problems);
  }
  const architectures = Array.isArray(raw.architectures) ? raw.architectures.filter((a): a is string => typeof a === 'string') : undefined;
  return {
    model_type: 'distilbert',
    vocab_size: raw.vocab_size as number,
    max_position_embeddings: raw.max_position_embeddings as number,
    dim,
    n_layers: raw.n_layers as number,
    n_heads: heads,
    hidden_dim: raw.hidden_dim as number,
    activation: activation as Activation,
    id2label: id2label as Record<string, string>,
    pad_token_id: pad as number,
    architectures,
    raw,
  };
}
