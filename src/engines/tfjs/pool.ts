import { cpus } from 'node:os';
import { Worker } from 'node:worker_threads';
import { AuditError, type ErrorCode } from '../../errors.js';
import type { LoadOptions } from '../../model/index.js';
import type { Classifier, Prediction } from '../../types.js';

/** Messages between the pool and its workers (see worker.ts). */
export type WorkerRequest = { id: number; texts: string[] } | { id: number; close: true };
export interface WorkerError { message: string; code?: ErrorCode; kind?: string; problems?: string[] }
export type WorkerReply =
  | { id: number; ok: true; predictions: Prediction[]; warnings: string[] }
  | { id: number; ok: false; error: WorkerError }
  | { ready: true; labels: string[]; target: string; fingerprint: string; name: string; backend: string; multiLabel?: boolean };

/** Number of scoring workers: --workers N, or one per core (the wasm backend's own thread pool does not start under Node). */
export function defaultWorkers(requested?: number): number {
  return requested && requested > 0 ? requested : Math.max(1, cpus().length);
}

/**
 * A Classifier that spreads each predict call over worker threads, each with its own TF.js backend and copy of
 * the weights. Texts are sorted by length and dealt round-robin, so every worker gets a similar mix.
 */
export class PooledClassifier implements Classifier {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: WorkerReply) => void }>();
  private warnings: string[] = [];

  private constructor(
    private readonly workers: Worker[],
    readonly labels: string[],
    readonly target: string,
    readonly fingerprint: string,
    readonly name: string,
    readonly backend: string,
    readonly multiLabel = false,
  ) {
    for (const w of workers) w.on('message', (m: WorkerReply) => this.onMessage(m));
  }

  static async start(dir: string, options: LoadOptions & { workers: number }): Promise<PooledClassifier> {
    const url = workerUrl();
    // Workers load one after another: while a worker loads, its weights exist twice (file arrays and backend
    // memory), so loading them together would double the peak memory for a few seconds.
    const workers: Worker[] = [];
    const ready: Extract<WorkerReply, { ready: true }>[] = [];
    try {
      for (let i = 0; i < options.workers; i++) {
        const w = new Worker(url, { workerData: { dir, options } });
        workers.push(w);
        ready.push(await new Promise<Extract<WorkerReply, { ready: true }>>((resolve, reject) => {
          w.once('message', (m: WorkerReply) => ('ready' in m ? resolve(m) : reject(rebuildError(errorOf(m)))));
          w.once('error', reject);
        }));
      }
    } catch (e) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw e;
    }
    const r = ready[0];
    return new PooledClassifier(workers, r.labels, r.target, r.fingerprint, r.name, `${r.backend} x${workers.length} workers`,
      r.multiLabel ?? false);
  }

  private onMessage(m: WorkerReply): void {
    if ('ready' in m) return;
    this.pending.get(m.id)?.resolve(m);
    this.pending.delete(m.id);
  }

  private ask(worker: Worker, texts: string[]): Promise<Prediction[]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, {
        resolve: (reply) => {
          if ('ok' in reply && reply.ok) {
            this.warnings.push(...reply.warnings);
            resolve(reply.predictions);
          } else reject(rebuildError(errorOf(reply)));
        },
      });
      worker.postMessage({ id, texts } satisfies WorkerRequest);
    });
  }

  async predict(texts: string[]): Promise<Prediction[]> {
    const order = texts.map((_, i) => i).sort((a, b) => texts[a].length - texts[b].length);
    const shares = this.workers.map(() => [] as number[]);
    order.forEach((idx, k) => shares[k % shares.length].push(idx));
    const ask = (idxs: number[], w: number) => (idxs.length ? this.ask(this.workers[w], idxs.map((i) => texts[i])) : Promise.resolve([]));
    const results = await Promise.all(shares.map(ask));
    const out = new Array<Prediction>(texts.length);
    shares.forEach((idxs, w) => idxs.forEach((i, j) => { out[i] = results[w][j]; }));
    return out;
  }

  takeWarnings(): string[] {
    const w = [...new Set(this.warnings)];
    this.warnings = [];
    return w;
  }

  async dispose(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** The compiled worker; under jest (TypeScript sources) the pool uses the build in dist/. */
function workerUrl(): URL {
  const here = new URL('./worker.js', import.meta.url);
  return import.meta.url.endsWith('.ts') ? new URL('../../../dist/engines/tfjs/worker.js', import.meta.url) : here;
}

function errorOf(m: WorkerReply): WorkerError {
  return 'error' in m ? m.error : { message: 'unexpected reply from a scoring worker' };
}

function rebuildError(e: WorkerError): Error {
  if (e.code) return new AuditError(e.code, e.message, { kind: (e.kind as never) ?? 'input', problems: e.problems });
  return new Error(e.message);
}

