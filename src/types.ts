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
  /** LLM classifiers: the share of the answer that was none of the labels (averaged over prompts). */
  offLabel?: number;
  /** LLM classifiers with several prompts: the score under each prompt (prompt order); `score` is their mean. */
  promptScores?: number[];
  /**
   * LLM classifiers scored from sampled answers (`--sample-answers K`): how many answers (off-label ones included;
   * summed over prompts) and how many named each label, in label order. `probs` are the labels' shares of the answers
   * that named one.
   */
  answers?: { n: number; counts: number[] };
}

/** The stages of a run, in order (src/audit.ts): each progress event names the one it belongs to. */
export type RunStage = 'prepare' | 'score' | 'analyse' | 'write';

/**
 * Progress events, the one channel from library code to whoever shows progress (only the CLI renders them).
 * `stage` is the run's stage, `step` the piece of work inside it ("scoring", "finding identity mentions",
 * "statistics"): a counted step goes start -> progress... -> done; `note` is one line worth telling the user,
 * `warning` one that changes what the user should expect (e.g. the score cache failed and the run went on).
 */
export type ProgressEvent = { stage: RunStage; step: string } & ProgressStatus;

/** What a progress event says, without where in the run it happened. */
export type ProgressStatus =
  | { status: 'start'; total: number; cached: number }
  | { status: 'progress'; done: number; total: number }
  | { status: 'done'; total: number; scored: number; cached: number; seconds: number }
  | { status: 'note'; message: string }
  | { status: 'warning'; message: string };

export type ProgressCallback = (event: ProgressEvent) => void;

/**
 * A scorer outside this process (the queue coordinator, src/queue): it gets every text still to score (and all
 * texts of the run, to cut stable chunks) and reports each finished chunk, in any order, exactly once, with where
 * it was scored (a worker's name, kept in the cache). It hands on only scores it has checked (src/queue checks the
 * provenance, the numbers and the HMAC).
 */
export interface RemoteScorer {
  scoreAll(todo: string[], all: string[], onChunk: (texts: string[], scores: CachedScore[], source?: string) => void): Promise<void>;
}

/** Probabilities and logits of one text, as the score cache and remote scorers hand them over. */
export interface CachedScore {
  probs: number[];
  logits: number[];
  /** LLM classifiers: the off-label mass (Prediction.offLabel); absent when not recorded. */
  offLabel?: number;
}

/** One prompt of an LLM classifier: its name (in records and reports) and the classifier that asks with it. */
export interface PromptVariant {
  id: string;
  classifier: Classifier;
}

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
  /**
   * LLM classifiers with several paraphrased prompts: one classifier per prompt (its own fingerprint, so the cache
   * keeps them apart). The runner scores every text under each and averages (util/prompt-average.ts); the probe
   * statistics treat the prompt as a crossed factor. Absent (or one) for every other classifier.
   */
  readonly promptVariants?: PromptVariant[];
  /**
   * Most texts this engine wants per `predict` call (the LLM engine: 64, so that progress, the score cache and the
   * token budget move every few seconds rather than every few minutes); absent: the runner's chunk size.
   */
  readonly chunkSize?: number;
  /**
   * LLM classifiers scored from sampled answers (`--sample-answers K`): K answers per text and prompt, drawn at this
   * temperature with at most this many tokens. Absent for scores read from probabilities.
   */
  readonly sampling?: { answersPerText: number; temperature: number; maxTokens: number };
  /** Scores arrive from elsewhere (the queue's workers) instead of `predict`: the scoring step hands this all texts. */
  readonly remote?: RemoteScorer;
  /**
   * Engines that pay per request (the LLM engine): before scoring `todo` texts (`texts`, when the estimate reads
   * them: tokens), one line estimating the requests and tokens, or an error (exit 2) when they would pass the run's
   * budget, so nothing is sent for a run that cannot finish.
   */
  planRequests?(todo: number, texts?: string[]): string;
  predict(texts: string[]): Promise<Prediction[]>;
  /** Warnings gathered while predicting (renormalised scores, retries, truncation), each returned once. */
  takeWarnings?(): string[];
  dispose(): Promise<void> | void;
}
