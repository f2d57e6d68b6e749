/** Cross-stage data types. JSON written to files uses snake_case; these TypeScript types use camelCase. */

/** One scored text, as returned by a Classifier. `probs` and `logits` follow `Classifier.labels`. */
export interface Prediction {
  /** The arg-max label. */
  label: string;
  /** P(target label) — the number every bias figure is computed from. */
  score: number;
  probs: number[];
  logits: number[];
  inputIds: number[];
}

/** Progress events: library code emits these, only the CLI renders them. */
export type ProgressEvent =
  | { status: 'start'; total: number; cached: number }
  | { status: 'progress'; done: number; total: number }
  | { status: 'done'; total: number; scored: number; cached: number; seconds: number };

export type ProgressCallback = (event: ProgressEvent) => void;

/** The model behind a small interface: the runner, stats and tests only see this. */
export interface Classifier {
  /** Labels in `id2label` order. */
  readonly labels: string[];
  /** The label whose probability is reported as `score`. */
  readonly target: string;
  /** sha256 identifying the weights + tokenizer (or endpoint + version for HTTP models). */
  readonly fingerprint: string;
  /** Human-readable description of the model (name or path). */
  readonly name: string;
  /** Engine/backend actually used, e.g. "tfjs-wasm". */
  readonly backend: string;
  /**
   * True when each label's probability stands alone (multi-label: sigmoid per label, or an endpoint declared
   * `--multi-label`), so `probs` need not sum to 1. Absent means false.
   */
  readonly multiLabel?: boolean;
  predict(texts: string[]): Promise<Prediction[]>;
  dispose(): Promise<void> | void;
}
