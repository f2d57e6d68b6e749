import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AuditError, inputError } from '../errors.js';
import { pulledModelDir } from '../config/model.js';

/** Files of a Hugging Face model repository that the audit needs. */
export const REQUIRED_FILES = ['config.json', 'vocab.txt', 'tokenizer_config.json'];
const OPTIONAL_FILES = ['onnx/model.onnx'];

export type PullEvent =
  | { status: 'file'; file: string; total: number | null; resumedFrom: number }
  | { status: 'progress'; file: string; loaded: number; total: number | null }
  | { status: 'verified'; file: string; sha256: string }
  | { status: 'skipped'; file: string; reason: string }
  | { status: 'done'; dir: string };

export interface PullOptions {
  revision?: string;
  /** Hub endpoint, like HF_ENDPOINT for Hugging Face tools (default https://huggingface.co). */
  endpoint?: string;
  token?: string;
  cacheDir?: string;
  onProgress?: (e: PullEvent) => void;
  fetchImpl?: typeof fetch;
}

interface RemoteInfo {
  status: number;
  size: number | null;
  /** sha256 from X-Linked-Etag (large files stored with LFS). */
  sha256: string | null;
  /** git blob sha1 from ETag (small files). */
  gitSha1: string | null;
}

function cleanEtag(v: string | null): string | null {
  if (!v) return null;
  return v.replace(/^W\//, '').replace(/"/g, '').trim() || null;
}

function networkError(url: string, e: unknown): AuditError {
  const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
  return new AuditError('E_NETWORK', `cannot reach ${url} (${cause}); on a machine without network, copy a model directory here and pass ` +
    `--model DIR`, { kind: 'input' });
}

/** The hub answers a HEAD on /resolve/ with the checksum headers (302 to the CDN for large files: do not follow). */
async function head(url: string, headers: Record<string, string>, f: typeof fetch): Promise<RemoteInfo> {
  let res: Response;
  try {
    res = await f(url, { method: 'HEAD', headers, redirect: 'manual' });
  } catch (e) {
    throw networkError(url, e);
  }
  const linkedSize = res.headers.get('x-linked-size');
  const size = linkedSize ?? res.headers.get('content-length');
  const linked = cleanEtag(res.headers.get('x-linked-etag'));
  const etag = cleanEtag(res.headers.get('etag'));
  return {
    status: res.status,
    size: size ? Number(size) : null,
    sha256: linked && /^[0-9a-f]{64}$/.test(linked) ? linked : null,
    gitSha1: !linked && etag && /^[0-9a-f]{40}$/.test(etag) ? etag : null,
  };
}

async function hashFile(path: string, algo: 'sha256' | 'sha1', prefix?: string): Promise<string> {
  const h = createHash(algo);
  if (prefix) h.update(prefix);
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Downloads one file to `dest`, resuming a partial `dest` with a Range request. */
async function download(
  url: string,
  dest: string,
  info: RemoteInfo,
  headers: Record<string, string>,
  f: typeof fetch,
  file: string,
  onProgress?: (e: PullEvent) => void,
): Promise<void> {
  mkdirSync(dirname(dest), { recursive: true });
  let have = existsSync(dest) ? statSync(dest).size : 0;
  if (info.size !== null && have > info.size) { rmSync(dest); have = 0; }
  if (info.size !== null && have === info.size) return;
  const h = { ...headers, ...(have > 0 ? { Range: `bytes=${have}-` } : {}) };
  let res: Response;
  try {
    res = await f(url, { headers: h, redirect: 'follow' });
  } catch (e) {
    throw networkError(url, e);
  }
  if (res.status === 200 && have > 0) have = 0; // the server ignored the Range: start over
  else if (res.status !== 200 && res.status !== 206) throw new AuditError('E_DOWNLOAD', `${url}: HTTP ${res.status}`, { kind: 'input' });
  onProgress?.({ status: 'file', file, total: info.size, resumedFrom: have });
  const fh = await open(dest, have > 0 ? 'a' : 'w');
  let loaded = have;
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      await fh.write(chunk);
      loaded += chunk.length;
      onProgress?.({ status: 'progress', file, loaded, total: info.size });
    }
  } catch (e) {
    throw new AuditError('E_DOWNLOAD', `${url}: connection dropped after ${loaded} bytes; run the same command again to resume`,
      { kind: 'input', cause: e });
  } finally {
    await fh.close();
  }
}

async function verify(path: string, file: string, info: RemoteInfo): Promise<string> {
  const size = statSync(path).size;
  if (info.size !== null && size !== info.size) {
    throw new AuditError('E_DOWNLOAD', `${file}: got ${size} bytes, the hub announced ${info.size}; run again to resume`,
      { kind: 'input' });
  }
  const sha256 = await hashFile(path, 'sha256');
  if (info.sha256 && sha256 !== info.sha256) {
    rmSync(path);
    throw new AuditError('E_CHECKSUM', `${file}: sha256 ${sha256} does not match the hub's ${info.sha256}; the corrupt file was deleted`,
      { kind: 'input' });
  }
  if (info.gitSha1) {
    const blob = await hashFile(path, 'sha1', `blob ${size}\0`);
    if (blob !== info.gitSha1) {
      rmSync(path);
      throw new AuditError('E_CHECKSUM',
        `${file}: git blob ${blob} does not match the hub's ETag ${info.gitSha1}; the corrupt file was deleted`, { kind: 'input' });
    }
  }
  return sha256;
}

/**
 * Downloads a hub model into <cache>/models/<org>--<name>: config, tokenizer files, safetensors weights (single or
 * sharded) and onnx/model.onnx when the repo has one. Files land in a partial directory first and are verified
 * (sha256 from X-Linked-Etag, git blob sha1 from ETag); only a complete, verified set is moved into place.
 */
export async function pullModel(id: string, options: PullOptions = {}): Promise<string> {
  if (process.env.HF_HUB_OFFLINE === '1' || process.env.HF_HUB_OFFLINE === 'true') {
    throw inputError('E_OFFLINE', `HF_HUB_OFFLINE is set: not downloading ${id}`);
  }
  if (!/^[\w.-]+(\/[\w.-]+)?$/.test(id) || id.includes('..')) throw inputError('E_MODEL_ID', `${id}: not a hub model id (expected ` +
    `org/name)`);
  const revision = options.revision ?? 'main';
  const endpoint = (options.endpoint ?? process.env.HF_ENDPOINT ?? 'https://huggingface.co').replace(/\/$/, '');
  const token = options.token ?? process.env.HF_TOKEN;
  const headers: Record<string, string> = { 'user-agent': 'bias-audit', ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const f = options.fetchImpl ?? fetch;
  const finalDir = pulledModelDir(id, options.cacheDir);
  const partialDir = `${finalDir}.partial`;
  const url = (file: string) => `${endpoint}/${id}/resolve/${encodeURIComponent(revision)}/${file}`;

  const fetchFile = async (file: string, required: boolean): Promise<boolean> => {
    const info = await head(url(file), headers, f);
    if (info.status === 404) {
      if (required) throw inputError('E_DOWNLOAD', `${id}: ${file} not found at revision ${revision}`);
      options.onProgress?.({ status: 'skipped', file, reason: 'not in the repository' });
      return false;
    }
    if (info.status === 401 || info.status === 403) throw inputError('E_AUTH', `${id}: access denied (HTTP ${info.status}); set HF_TOKEN ` +
      `for gated or private models`);
    if (info.status >= 400) throw inputError('E_DOWNLOAD', `${url(file)}: HTTP ${info.status}`);
    const dest = join(partialDir, file);
    await download(url(file), dest, info, headers, f, file, options.onProgress);
    const sha256 = await verify(dest, file, info);
    options.onProgress?.({ status: 'verified', file, sha256 });
    return true;
  };

  for (const file of REQUIRED_FILES) await fetchFile(file, true);
  if (!(await fetchFile('model.safetensors', false))) {
    if (!(await fetchFile('model.safetensors.index.json', false))) {
      throw inputError('E_DOWNLOAD', `${id}: no model.safetensors or model.safetensors.index.json at revision ${revision} (pickle ` +
        `checkpoints are refused)`);
    }
    const { readFileSync } = await import('node:fs');
    const index = JSON.parse(readFileSync(join(partialDir, 'model.safetensors.index.json'), 'utf8')) as { weight_map?: Record<string,
      string> };
    const shards = [...new Set(Object.values(index.weight_map ?? {}))];
    for (const shard of shards) {
      if (!/^[\w.-]+$/.test(shard)) throw inputError('E_DOWNLOAD', `${id}: model.safetensors.index.json names an unsafe shard ` +
        `path ${JSON.stringify(shard)}`);
      await fetchFile(shard, true);
    }
  }
  for (const file of OPTIONAL_FILES) await fetchFile(file, false);

  rmSync(finalDir, { recursive: true, force: true });
  renameSync(partialDir, finalDir);
  options.onProgress?.({ status: 'done', dir: finalDir });
  return finalDir;
}
