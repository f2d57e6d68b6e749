/**
 * The demo model's architecture, with Hugging Face DistilBertConfig field names verbatim so that `config.json`
 * is what `DistilBertForSequenceClassification.from_pretrained` expects.
 */
export interface DemoModelConfig {
  vocab_size: number;
  max_position_embeddings: number;
  dim: number;
  n_layers: number;
  n_heads: number;
  hidden_dim: number;
  dropout: number;
  attention_dropout: number;
  seq_classif_dropout: number;
  initializer_range: number;
}

/**
 * The committed demo model: the real vocabulary and positions, a narrow and shallow body. The word embeddings
 * dominate the size (30,522 x 128 x 2 bytes = 7.8 MB in F16); the two layers add 0.8 MB.
 */
export const DEMO_MODEL: DemoModelConfig = {
  vocab_size: 30522,
  max_position_embeddings: 512,
  dim: 128,
  n_layers: 2,
  n_heads: 4,
  hidden_dim: 512,
  dropout: 0.1,
  attention_dropout: 0.1,
  seq_classif_dropout: 0.2,
  initializer_range: 0.02,
};

export const LABELS = ['NEGATIVE', 'POSITIVE'] as const;

/** LayerNorm epsilon of DistilBERT (nn.LayerNorm(dim, eps=1e-12)). */
export const LAYER_NORM_EPS = 1e-12;

/** The `config.json` Hugging Face writes for DistilBertForSequenceClassification with these sizes. */
export function hfConfigJson(cfg: DemoModelConfig): Record<string, unknown> {
  return {
    activation: 'gelu',
    architectures: ['DistilBertForSequenceClassification'],
    attention_dropout: cfg.attention_dropout,
    dim: cfg.dim,
    dropout: cfg.dropout,
    dtype: 'float16',
    hidden_dim: cfg.hidden_dim,
    id2label: Object.fromEntries(LABELS.map((label, i) => [String(i), label])),
    initializer_range: cfg.initializer_range,
    label2id: Object.fromEntries(LABELS.map((label, i) => [label, i])),
    max_position_embeddings: cfg.max_position_embeddings,
    model_type: 'distilbert',
    n_heads: cfg.n_heads,
    n_layers: cfg.n_layers,
    pad_token_id: 0,
    qa_dropout: 0.1,
    seq_classif_dropout: cfg.seq_classif_dropout,
    sinusoidal_pos_embds: false,
    tie_word_embeddings: true,
    vocab_size: cfg.vocab_size,
  };
}

/** Reads the sizes back from a config.json written by hfConfigJson (or by Hugging Face). */
export function configFromHf(json: Record<string, unknown>): DemoModelConfig {
  const num = (key: string, fallback?: number): number => {
    const v = json[key];
    if (typeof v === 'number') return v;
    if (fallback !== undefined) return fallback;
    throw new Error(`config.json: field ${key} is missing or not a number`);
  };
  return {
    vocab_size: num('vocab_size'),
    max_position_embeddings: num('max_position_embeddings'),
    dim: num('dim'),
    n_layers: num('n_layers'),
    n_heads: num('n_heads'),
    hidden_dim: num('hidden_dim'),
    dropout: num('dropout', 0.1),
    attention_dropout: num('attention_dropout', 0.1),
    seq_classif_dropout: num('seq_classif_dropout', 0.2),
    initializer_range: num('initializer_range', 0.02),
  };
}
