/**
 * One HTTP download into a `.part` file, resuming with a Range request when the part already holds bytes
 * (from an earlier attempt in this call, or from a run that was killed). The caller verifies the result,
 * renames it into place, and deletes the part on failure.
 */
import { open, rm, stat } from 'node:fs/promises';
import { inputError } from '../errors.js';

export const DOWNLOAD_ERROR = 'E_DOWNLOAD';

export type DownloadEvent =
  | { status: 'resume'; url: string; from: number }
  | { status: 'progress'; url: string; received: number; total?: number }
  | { status: 'retry'; url: string; attempt: number; reason: string };

export interface DownloadOptions {
  fetchImpl: typeof fetch;
  /** Further attempts after the first one fails for a transient reason (network error, 5xx, cut-off body). */
  retries: number;
  retryDelayMs: number;
  onEvent?: (event: DownloadEvent) => void;
  signal?: AbortSignal;
}

/** 4xx answers will not change on retry, except "timeout" and "too many requests". */
function isPermanent(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

class Transient extends Error {}

/** One request: appends to the part file. Throws Transient for problems worth a retry. */
async function attempt(url: string, part: string, options: DownloadOptions): Promise<void> {
  const have = await sizeOf(part);
  if (have > 0) options.onEvent?.({ status: 'resume', url, from: have });
  let res: Response;
  try {
    res = await options.fetchImpl(url, { headers: have > 0 ? { Range: `bytes=${have}-` } : {}, signal: options.signal });
  } catch (e) {
    if (options.signal?.aborted) throw e;
    throw new Transient(`request failed (${(e as Error).message})`);
  }
  let start = 0;
  if (res.status === 206 && have > 0 && new RegExp(`^bytes ${have}-`).test(res.headers.get('content-range') ?? '')) {
    start = have;
  } else if (res.status === 206) {
    // A range we did not ask for: the part cannot be trusted to line up with it.
    await res.body?.cancel();
    await rm(part, { force: true });
    throw new Transient(`unexpected Content-Range "${res.headers.get('content-range') ?? ''}"; restarting from the beginning`);
  } else if (res.status === 416 && have > 0) {
    // The part is as long as (or longer than) the file: start again rather than trust it.
    await res.body?.cancel();
    await rm(part, { force: true });
    throw new Transient('range not satisfiable; restarting from the beginning');
  } else if (res.status !== 200) {
    await res.body?.cancel();
    if (isPermanent(res.status)) throw inputError(DOWNLOAD_ERROR, `${url}: HTTP ${res.status} ${res.statusText}`.trim());
    throw new Transient(`HTTP ${res.status}`);
  }
  const length = Number(res.headers.get('content-length') ?? NaN);
  const total = Number.isFinite(length) ? start + length : undefined;
  // A 200 answer (server ignored the Range) is the whole file again, so the part starts over.
  const file = await open(part, start > 0 ? 'a' : 'w');
  let received = start;
  try {
    if (!res.body) throw new Transient('empty response body');
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        await file.write(chunk);
        received += chunk.length;
        options.onEvent?.({ status: 'progress', url, received, total });
      }
    } catch (e) {
      if (options.signal?.aborted) throw e;
      throw new Transient(`connection lost after ${received} bytes (${(e as Error).message})`);
    }
  } finally {
    await file.close();
  }
  if (total !== undefined && received !== total) throw new Transient(`received ${received} of ${total} bytes`);
}

/** Downloads `url` into `part` (resuming it if it exists), retrying transient failures. */
export async function downloadToPart(url: string, part: string, options: DownloadOptions): Promise<void> {
  for (let n = 1; ; n++) {
    try {
      await attempt(url, part, options);
      return;
    } catch (e) {
      if (!(e instanceof Transient)) throw e;
      if (n > options.retries) throw inputError(DOWNLOAD_ERROR, `${url}: ${e.message} (gave up after ${n} attempts)`);
      options.onEvent?.({ status: 'retry', url, attempt: n + 1, reason: e.message });
      if (options.retryDelayMs > 0) await new Promise((r) => setTimeout(r, options.retryDelayMs * n));
    }
  }
}
