import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export interface HubServerOptions {
  /** Files of one repo, by path inside the repo. */
  files: Record<string, Buffer>;
  /** Files served through the LFS redirect with X-Linked-Etag (sha256). */
  lfs: string[];
  /** Serve these bytes instead of the real ones (checksums stay the real ones). */
  corrupt?: Record<string, Buffer>;
  /** Drop the connection after this many bytes on the first GET of the file. */
  dropOnce?: Record<string, number>;
}

export interface HubServer {
  endpoint: string;
  requests: string[];
  close(): Promise<void>;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const gitSha1 = (b: Buffer) => createHash('sha1').update(`blob ${b.length}\0`).update(b).digest('hex');

/** A stand-in for the Hugging Face hub on 127.0.0.1: /<org>/<name>/resolve/<rev>/<file>, LFS redirects, Range. */
export async function startHubServer(repo: string, o: HubServerOptions): Promise<HubServer> {
  const requests: string[] = [];
  const dropped = new Set<string>();
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url} ${req.headers.range ?? ''}`.trim());
    const url = new URL(req.url!, 'http://x');
    const prefix = `/${repo}/resolve/main/`;
    if (url.pathname.startsWith('/cdn/')) {
      const file = decodeURIComponent(url.pathname.slice(5));
      return serveBytes(file, req.method!, req.headers.range, res);
    }
    if (!url.pathname.startsWith(prefix)) { res.writeHead(404).end(); return; }
    const file = decodeURIComponent(url.pathname.slice(prefix.length));
    const body = o.files[file];
    if (!body) { res.writeHead(404, { 'x-error-code': 'EntryNotFound' }).end(); return; }
    if (o.lfs.includes(file)) {
      res.writeHead(302, { location: `/cdn/${encodeURIComponent(file)}`, 'x-linked-etag': `"${sha256(body)}"`, 'x-linked-size': String(body.length), etag: `"${gitSha1(Buffer.from('pointer'))}"` }).end();
      return;
    }
    res.setHeader('etag', `"${gitSha1(body)}"`);
    serveBytes(file, req.method!, req.headers.range, res);
  });

  function serveBytes(file: string, method: string, range: string | undefined, res: import('node:http').ServerResponse) {
    const bytes = o.corrupt?.[file] ?? o.files[file];
    let start = 0;
    const m = range?.match(/^bytes=(\d+)-$/);
    if (m) start = Number(m[1]);
    const slice = bytes.subarray(start);
    res.writeHead(m ? 206 : 200, { 'content-length': String(slice.length), 'accept-ranges': 'bytes' });
    if (method === 'HEAD') { res.end(); return; }
    const drop = o.dropOnce?.[file];
    if (drop !== undefined && !dropped.has(file)) {
      dropped.add(file);
      res.write(slice.subarray(0, drop), () => res.socket?.destroy());
      return;
    }
    res.end(slice);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** The tiny HF fixture as a hub repository. */
export function tinyRepoFiles(fixtures: string): Record<string, Buffer> {
  const read = (f: string) => readFileSync(join(fixtures, 'tiny', f));
  return {
    'config.json': read('config.json'),
    'vocab.txt': read('vocab.txt'),
    'tokenizer_config.json': read('tokenizer_config.json'),
    'model.safetensors': read('model.safetensors'),
  };
}
