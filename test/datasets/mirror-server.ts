/**
 * A local stand-in for raw.githubusercontent.com: serves in-memory files at `/<repo>/<commit>/<path>` on
 * 127.0.0.1, honours `Range: bytes=N-`, and can misbehave on purpose per path.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Misbehaviour =
  /** Send full headers, half the body, then cut the connection; only on the first request. */
  | 'drop-once'
  /** Cut the connection halfway through the body on every request, ranged or not. */
  | 'drop-always'
  /** Ignore Range headers and always answer 200 with the whole file. */
  | 'ignore-range';

export interface Mirror {
  baseUrl: string;
  /** Every request seen: path and Range header. */
  requests: { path: string; range?: string }[];
  files: Map<string, Buffer>;
  misbehave: Map<string, Misbehaviour>;
  /**
   * Awaited before a connection is cut, with the file offset just past the bytes sent. The client throws
   * away chunks it has not read yet when the connection dies, so tests use this to wait until the client
   * has taken in what was sent; that makes the resume offsets exact.
   */
  beforeDrop?: (sentUpTo: number) => Promise<void>;
  close(): Promise<void>;
}

export async function startMirror(): Promise<Mirror> {
  const files = new Map<string, Buffer>();
  const misbehave = new Map<string, Misbehaviour>();
  const requests: Mirror['requests'] = [];
  const served = new Map<string, number>();
  const mirror = { files, misbehave, requests } as Mirror;

  const server: Server = createServer((req: IncomingMessage, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const range = req.headers.range;
    requests.push({ path, range });
    const body = files.get(path);
    if (!body) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('404: Not Found');
      return;
    }
    const count = (served.get(path) ?? 0) + 1;
    served.set(path, count);
    const mode = misbehave.get(path);
    const m = range ? /^bytes=(\d+)-$/.exec(range) : null;
    const from = m && mode !== 'ignore-range' ? Number(m[1]) : 0;
    if (from > 0 && from >= body.length) {
      res.writeHead(416, { 'Content-Range': `bytes */${body.length}` }).end();
      return;
    }
    const slice = body.subarray(from);
    const headers: Record<string, string | number> = { 'Content-Length': slice.length };
    if (from > 0) headers['Content-Range'] = `bytes ${from}-${body.length - 1}/${body.length}`;
    res.writeHead(from > 0 ? 206 : 200, headers);
    if (mode === 'drop-always' || (mode === 'drop-once' && count === 1)) {
      // Half of what was promised, then the connection goes away.
      const half = Math.floor(slice.length / 2);
      res.write(slice.subarray(0, half), () => {
        void (mirror.beforeDrop?.(from + half) ?? Promise.resolve()).then(() => res.socket?.destroy());
      });
      return;
    }
    res.end(slice);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  Object.assign(mirror, {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    files,
    misbehave,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  });
  return mirror;
}
