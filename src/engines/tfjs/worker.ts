import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';
import { isAuditError } from '../../errors.js';
import { loadClassifier } from '../../model/index.js';
import type { WorkerReply, WorkerRequest } from './pool.js';

/** One scoring worker: loads its own copy of the model on its own backend and answers predict requests in order. */
const port = parentPort!;
const { dir, options } = workerData as { dir: string; options: Parameters<typeof loadClassifier>[1] };

function errorOf(e: unknown): Extract<WorkerReply, { ok: false }>['error'] {
  if (isAuditError(e)) return { message: e.message, code: e.code, kind: e.kind, problems: e.problems };
  return { message: e instanceof Error ? e.message : String(e) };
}

try {
  const model = await loadClassifier(dir, options);
  collectGarbage();
  const { labels, target, fingerprint, name, backend, multiLabel } = model;
  port.postMessage({ ready: true, labels, target, fingerprint, name, backend, multiLabel } satisfies WorkerReply);
  port.on('message', async (req: WorkerRequest) => {
    if ('close' in req) {
      await model.dispose();
      port.close();
      return;
    }
    try {
      const predictions = await model.predict(req.texts);
      port.postMessage({ id: req.id, ok: true, predictions, warnings: model.takeWarnings() } satisfies WorkerReply);
    } catch (e) {
      port.postMessage({ id: req.id, ok: false, error: errorOf(e) } satisfies WorkerReply);
    }
  });
} catch (e) {
  port.postMessage({ id: 0, ok: false, error: errorOf(e) } satisfies WorkerReply);
}

/**
 * The weights were read into JavaScript arrays before being copied into the backend; without memory pressure V8
 * keeps those ~4 bytes per parameter alive for a long time. One full collection after loading returns them, which
 * matters when two workers each hold a full-size model.
 */
function collectGarbage(): void {
  setFlagsFromString('--expose_gc');
  (runInNewContext('gc') as () => void)();
}
