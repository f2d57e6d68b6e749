/**
 * A classifier deployed behind HTTP, audited like a local one: `HttpClassifier.connect(url)` -> a `Classifier` that
 * POSTs `{"inputs": [texts], "parameters": {"top_k": null}}` in batches, several in flight, and returns every
 * label's probability per text. There is no tokenizer on this side, so `inputIds` is always empty.
 */
import { AuditError, usageError } from '../../errors.js';
import type { Classifier, Prediction } from '../../types.js';
import { TOOL_NAME, TOOL_VERSION } from '../../version.js';
import { endpointFingerprint, parseEndpoint, unversionedWarning, type Endpoint } from './endpoint.js';
import { mapLimit } from './parallel.js';
import { postJson, type RequestSettings, type RequestStats } from './request.js';
import { readScores } from './response.js';

export interface HttpOptions {
  /** The deployed model's version (`--model-version`); part of the fingerprint, so the cache tells versions apart. */
  modelVersion?: string;
  /** Bearer token sent to this URL (`--token`). Without it, HF_TOKEN is sent to Hugging Face hosts only. */
  token?: string;
  /** Where HF_TOKEN is read from (default: process.env). */
  env?: Record<string, string | undefined>;
  /** Label whose probability is `score` (default 'POSITIVE'). */
  target?: string;
  /** The labels, when known: skips the discovery request, and every response must have exactly these. */
  labels?: string[];
  /**
   * The model is multi-label (`--multi-label`): each label's score is its own probability (a sigmoid), so scores
   * that do not sum to 1 are accepted as they are instead of refused.
   */
  multiLabel?: boolean;
  /** Texts per request (default 32). */
  batchSize?: number;
  /** Requests in flight (default 4). */
  concurrency?: number;
  /** Per attempt, answer body included (default 30 000 ms). */
  timeoutMs?: number;
  /** Retries per request after the first attempt (default 5). */
  maxRetries?: number;
  /** First backoff ceiling; it doubles per retry (default 500 ms). */
  retryBaseMs?: number;
  /** Longest wait between attempts: a longer Retry-After or `estimated_time` is capped at it (default 30 000 ms). */
  maxDelayMs?: number;
  /** One batch's whole exchange, retries and waits included (`--http-deadline`; default 300 000 ms). */
  deadlineMs?: number;
}

export const HTTP_DEFAULTS = {
  target: 'POSITIVE',
  batchSize: 32,
  concurrency: 4,
  timeoutMs: 30_000,
  maxRetries: 5,
  retryBaseMs: 500,
  maxDelayMs: 30_000,
  deadlineMs: 300_000,
} as const;

/** Sent once by connect() to learn the labels when they are not given. */
export const DISCOVERY_TEXT = 'This is a test.';

/** Scores within 1e-4 of summing to 1 are plain rounding; beyond that (up to SUM_TOLERANCE) the renormalising is worth a word. */
const NOTABLE_DEVIATION = 1e-4;

interface Settings {
  batchSize: number;
  concurrency: number;
  request: RequestSettings;
}

export class HttpClassifier implements Classifier {
  readonly backend = 'http';
  readonly fingerprint: string;
  readonly target: string;
  private readonly targetIndex: number;
  private readonly stats: RequestStats = { requests: 0, retries: 0 };
  private readonly life = new AbortController();
  private warnings: string[];
  private renormalisedWarned = false;

  private constructor(
    readonly name: string,
    readonly labels: string[],
    target: string,
    readonly modelVersion: string | undefined,
    private readonly settings: Settings,
    warnings: string[],
    readonly multiLabel: boolean,
  ) {
    this.target = target;
    this.targetIndex = labels.indexOf(target);
    this.fingerprint = endpointFingerprint(name, modelVersion, labels, multiLabel);
    this.warnings = warnings;
  }

  /**
   * Checks the options, then learns the labels from one small request (unless `options.labels` is given) and checks
   * the target against them, so a wrong URL, token or target fails before any probe is scored.
   */
  static async connect(url: string, options: HttpOptions = {}): Promise<HttpClassifier> {
    const endpoint = parseEndpoint(url, { token: options.token, env: options.env });
    const settings = checkSettings(endpoint, options);
    const modelVersion = options.modelVersion?.trim() || undefined;
    const warnings = [...endpoint.warnings, ...(modelVersion ? [] : [unversionedWarning(endpoint.url)])];
    const stats: RequestStats = { requests: 0, retries: 0 };
    const multiLabel = options.multiLabel === true;
    if (multiLabel) warnings.push(`${endpoint.url}: declared multi-label (--multi-label): each label's score is taken as its own ` +
      `probability; scores are not required to sum to 1 and are not rescaled`);
    const labels = options.labels
      ? checkGivenLabels(options.labels)
      : await postJson(requestBody([DISCOVERY_TEXT]), (json) => readScores(json, [DISCOVERY_TEXT], null, { multiLabel }).labels,
        settings.request, stats, new AbortController().signal, 'the label discovery request (1 text)');
    const target = options.target ?? HTTP_DEFAULTS.target;
    if (!labels.includes(target)) {
      throw usageError('E_TARGET', `--target ${JSON.stringify(target)}: ${endpoint.url} has no such label (labels: ${labels.join(', ')})`);
    }
    const classifier = new HttpClassifier(endpoint.url, labels, target, modelVersion, settings, warnings, multiLabel);
    classifier.stats.requests = stats.requests;
    classifier.stats.retries = stats.retries;
    return classifier;
  }

  async predict(texts: string[]): Promise<Prediction[]> {
    if (this.life.signal.aborted) throw disposedError(this.name);
    const { batchSize, concurrency } = this.settings;
    const batches: string[][] = [];
    for (let i = 0; i < texts.length; i += batchSize) batches.push(texts.slice(i, i + batchSize));
    const scored = await mapLimit(batches.length, concurrency, (i, signal) => this.scoreBatch(batches[i], signal), this.life.signal);
    return scored.flat();
  }

  /** Warnings gathered so far (no model version, HF_TOKEN withheld, renormalised scores), drained by the caller. */
  takeWarnings(): string[] {
    const out = this.warnings;
    this.warnings = [];
    return out;
  }

  /** HTTP attempts made so far, label discovery and retries included. */
  requestStats(): RequestStats {
    return { ...this.stats };
  }

  /** Aborts requests in flight; later predict() calls fail. */
  dispose(): void {
    if (!this.life.signal.aborted) this.life.abort(disposedError(this.name));
  }

  private async scoreBatch(batch: string[], signal: AbortSignal): Promise<Prediction[]> {
    const what = `a batch of ${batch.length} text${batch.length === 1 ? '' : 's'}`;
    const read = (json: unknown) => readScores(json, batch, this.labels, { multiLabel: this.multiLabel });
    const { probs, maxDeviation } = await postJson(requestBody(batch), read, this.settings.request, this.stats, signal, what);
    if (maxDeviation > NOTABLE_DEVIATION && !this.renormalisedWarned) {
      this.renormalisedWarned = true;
      this.warnings.push(`${this.name}: some texts' scores summed to 1 ± ${maxDeviation.toPrecision(2)}; they were rescaled to sum to 1`);
    }
    return probs.map((p) => toPrediction(p, this.labels, this.targetIndex, this.multiLabel));
  }
}

/** The Hugging Face Inference API request; `top_k: null` asks HF endpoints for every label, not just the top one. */
export function requestBody(texts: string[]): string {
  return JSON.stringify({ inputs: texts, parameters: { top_k: null } });
}

/**
 * `logits` are log-probabilities, so softmax gives `probs` back; for a multi-label model they are log-odds, so a
 * sigmoid per label does. A zero probability is floored at the smallest double (log = -744.4) because the cache
 * stores JSON, which has no -Infinity.
 */
export function toPrediction(probs: number[], labels: string[], targetIndex: number, multiLabel = false): Prediction {
  let best = 0;
  for (let i = 1; i < probs.length; i++) if (probs[i] > probs[best]) best = i;
  const log = (p: number): number => Math.log(Math.max(p, Number.MIN_VALUE));
  const logits = probs.map((p) => (multiLabel ? log(p) - log(1 - p) : log(p)));
  return { label: labels[best], score: probs[targetIndex], probs, logits, inputIds: [] };
}

function checkSettings(endpoint: Endpoint, o: HttpOptions): Settings {
  const d = HTTP_DEFAULTS;
  const batchSize = o.batchSize ?? d.batchSize;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw usageError('E_BATCH_SIZE',
    `--batch-size ${batchSize}: must be a positive integer`);
  const number = (name: string, value: number, min: number) => {
    if (!Number.isInteger(value) || value < min) throw usageError('E_HTTP_OPTIONS', `${name} ${value}: must be an integer >= ${min}`);
    return value;
  };
  return {
    batchSize,
    concurrency: number('concurrency', o.concurrency ?? d.concurrency, 1),
    request: {
      url: endpoint.url,
      authorization: endpoint.authorization,
      userAgent: `${TOOL_NAME}/${TOOL_VERSION}`,
      timeoutMs: number('timeoutMs', o.timeoutMs ?? d.timeoutMs, 1),
      maxRetries: number('maxRetries', o.maxRetries ?? d.maxRetries, 0),
      retryBaseMs: number('retryBaseMs', o.retryBaseMs ?? d.retryBaseMs, 0),
      maxDelayMs: number('maxDelayMs', o.maxDelayMs ?? d.maxDelayMs, 0),
      deadlineMs: number('deadlineMs', o.deadlineMs ?? d.deadlineMs, 1),
    },
  };
}

function checkGivenLabels(labels: string[]): string[] {
  if (labels.length < 2 || new Set(labels).size !== labels.length || labels.some((l) => l === '')) {
    throw usageError('E_HTTP_OPTIONS', `labels ${JSON.stringify(labels)}: need at least two distinct, non-empty labels`);
  }
  return [...labels];
}

function disposedError(name: string): AuditError {
  return new AuditError('E_DISPOSED', `${name}: classifier used after dispose()`, { kind: 'internal' });
}
