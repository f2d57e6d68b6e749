/**
 * One batch over HTTP: POST, per-attempt timeout, retries with backoff on what may pass (429, 5xx, network errors,
 * timeouts, a body that is not JSON), one retry for a JSON body of the wrong shape (a load balancer may have hit a
 * bad replica), and an AuditError naming the URL and every failed attempt when it gives up.
 */
import { limit, LIMITS } from '../../config/limits.js';
import { AuditError, type ErrorCode } from '../../errors.js';
import { BodyTooLargeError, readBodyText } from './body.js';
import { ResponseShapeError } from './response.js';
import { isRetryableStatus, parseRetryAfter, retryDelay } from './retry.js';

export interface RequestSettings {
  url: string;
  /** Authorization header value, if any. */
  authorization?: string;
  userAgent: string;
  timeoutMs: number;
  maxRetries: number;
  retryBaseMs: number;
  maxDelayMs: number;
  /** The whole exchange for one batch, every attempt and wait included (`--http-deadline`); unbounded when absent. */
  deadlineMs?: number;
  /** Largest response body read (bytes); a larger one fails the batch without retries. */
  maxResponseBytes?: number;
  random?: () => number;
}

/** Counters shared by every request of one classifier. */
export interface RequestStats {
  /** HTTP attempts started (retries included). */
  requests: number;
  retries: number;
}

type FailureKind = 'status' | 'timeout' | 'network' | 'malformed' | 'shape' | 'too_large';
interface Failure {
  kind: FailureKind;
  detail: string;
  status?: number;
  /** Server's wait hint (Retry-After, HF `estimated_time`), in ms. */
  hintMs?: number;
  problems?: string[];
}
type Outcome<T> = { ok: true; value: T } | { ok: false; failure: Failure };

const CODES: Record<FailureKind, ErrorCode> = {
  status: 'E_HTTP_STATUS',
  timeout: 'E_HTTP_TIMEOUT',
  network: 'E_HTTP_UNREACHABLE',
  malformed: 'E_HTTP_RESPONSE',
  shape: 'E_HTTP_RESPONSE',
  too_large: 'E_HTTP_RESPONSE_SIZE',
};

/**
 * POSTs `body` (JSON text) and returns `read(parsed JSON)`. `read` throws ResponseShapeError for a body it cannot
 * use. `what` says what was sent (e.g. "a batch of 32 texts") for error messages. Aborting `signal` stops at once
 * and rejects with the signal's reason.
 */
export async function postJson<T>(
  body: string,
  read: (json: unknown) => T,
  settings: RequestSettings,
  stats: RequestStats,
  signal: AbortSignal,
  what: string,
): Promise<T> {
  const history: string[] = [];
  let shapeRetried = false;
  const started = Date.now();
  const deadline = settings.deadlineMs === undefined ? Infinity : started + settings.deadlineMs;
  for (let attempt = 0; ; attempt++) {
    stats.requests += 1;
    const timeoutMs = Math.max(1, Math.min(settings.timeoutMs, deadline - Date.now()));
    const outcome = await attemptOnce(body, read, { ...settings, timeoutMs }, signal);
    if (outcome.ok) return outcome.value;
    const failure = outcome.failure;
    history.push(`attempt ${attempt + 1}: ${failure.detail}`);
    const retryable = failure.kind === 'too_large' ? false : failure.kind === 'shape' ? !shapeRetried : failure.kind !== 'status' ||
      isRetryableStatus(failure.status!);
    if (failure.kind === 'shape') shapeRetried = true;
    if (!retryable || attempt >= settings.maxRetries) throw finalError(settings.url, what, failure, history);
    const delay = retryDelay(attempt, failure.hintMs, settings.retryBaseMs, settings.maxDelayMs, settings.random);
    const capped = failure.hintMs !== undefined && failure.hintMs > settings.maxDelayMs;
    if (capped && !history.some((h) => h.includes('waits are capped'))) history.push(`  the server asked to ` +
      `wait ${seconds(failure.hintMs!)}; waits are capped at ${seconds(settings.maxDelayMs)}`);
    if (Date.now() + delay >= deadline) {
      history.push(`  stopped: waiting ${seconds(delay)} more would pass the deadline of ${seconds(settings.deadlineMs!)} for this batch ` +
        `(--http-deadline)`);
      throw finalError(settings.url, what, failure, history, ` (stopped at the --http-deadline of ${seconds(settings.deadlineMs!)})`);
    }
    stats.retries += 1;
    await sleep(delay, signal);
  }
}

async function attemptOnce<T>(
  body: string,
  read: (json: unknown) => T,
  settings: RequestSettings,
  signal: AbortSignal,
): Promise<Outcome<T>> {
  if (signal.aborted) throw signal.reason;
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  let timedOut = false;
  // The timer covers the whole exchange, body included: a server that trickles its answer also times out.
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, settings.timeoutMs);
  let status: number;
  let statusText: string;
  let retryAfter: string | null;
  let text: string;
  try {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json',
      'user-agent': settings.userAgent };
    if (settings.authorization) headers.authorization = settings.authorization;
    const res = await fetch(settings.url, { method: 'POST', headers, body, signal: controller.signal });
    status = res.status;
    statusText = res.statusText;
    retryAfter = res.headers.get('retry-after');
    text = await readBodyText(res, settings.maxResponseBytes ?? limit('responseBytes'));
  } catch (e) {
    if (signal.aborted) throw signal.reason;
    if (e instanceof BodyTooLargeError) return fail({ kind: 'too_large', detail: `${e.message} (set ${LIMITS.responseBytes.env} to ` +
      `change it)` });
    if (timedOut) return fail({ kind: 'timeout', detail: `no complete answer within ${settings.timeoutMs} ms` });
    return fail({ kind: 'network', detail: networkDetail(e) });
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }

  if (status < 200 || status > 299) {
    const json = tryParse(text);
    const hintMs = parseRetryAfter(retryAfter, Date.now()) ?? estimatedTime(json);
    return fail({ kind: 'status', status, hintMs, detail: `HTTP ${status}${statusText ? ` ${statusText}` : ''}${serverMessage(json,
      text)}` });
  }
  const json = tryParse(text);
  if (json === undefined) return fail({ kind: 'malformed', detail: `the body is not valid JSON: ${JSON.stringify(clip(text, 80))}` });
  try {
    return { ok: true, value: read(json) };
  } catch (e) {
    if (e instanceof ResponseShapeError) return fail({ kind: 'shape', detail: e.message, problems: e.problems });
    throw e;
  }
}

function fail(failure: Failure): { ok: false; failure: Failure } {
  return { ok: false, failure };
}

function finalError(url: string, what: string, failure: Failure, history: string[], stopped = ''): AuditError {
  const attempts = history.filter((h) => h.startsWith('attempt ')).length;
  const gaveUp = stopped || (attempts > 1 ? ` (gave up after ${attempts} attempts)` : '');
  const hint = statusHint(failure.status);
  const subject = failure.kind === 'shape' || failure.kind === 'malformed' ? `invalid response to ${what}: ` : '';
  const problems = [...(failure.problems ?? []), ...(attempts > 1 || stopped ? history : [])];
  return new AuditError(CODES[failure.kind], `${url}: ${subject}${failure.detail}${gaveUp}${hint}`, { kind: 'input', problems });
}

function statusHint(status: number | undefined): string {
  if (status === 401 || status === 403) return '; check --token (or HF_TOKEN for Hugging Face hosts)';
  if (status === 404) return '; check the URL';
  if (status === 413) return '; try a smaller --batch-size';
  return '';
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The Hugging Face API answers 503 with `estimated_time` (seconds) while a model loads. */
function estimatedTime(json: unknown): number | undefined {
  const t = (json as { estimated_time?: unknown } | null)?.estimated_time;
  return typeof t === 'number' && Number.isFinite(t) && t >= 0 ? t * 1000 : undefined;
}

/** What the server said, quoted and clipped: it is data, shown, never interpreted. */
function serverMessage(json: unknown, text: string): string {
  const said = json as { error?: unknown; message?: unknown; detail?: unknown } | null | undefined;
  const message = [said?.error, said?.message, said?.detail].find((m) => typeof m === 'string') as string | undefined;
  const shown = message ?? text.trim();
  return shown ? `: ${JSON.stringify(clip(shown, 200))}` : '';
}

function networkDetail(e: unknown): string {
  const err = e as { message?: string; cause?: { code?: string; message?: string } };
  const cause = err.cause?.code ?? err.cause?.message;
  return `request failed: ${err.message ?? String(e)}${cause ? ` (${cause})` : ''}`;
}

function clip(text: string, n: number): string {
  return text.length > n ? `${text.slice(0, n)}…` : text;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function seconds(ms: number): string {
  const s = ms / 1000;
  if (!Number.isFinite(s)) return 'longer than can be counted';
  return `${s < 1e6 ? Number(s.toFixed(s < 10 ? 1 : 0)).toLocaleString('en-US') : s.toExponential(1)} s`;
}
