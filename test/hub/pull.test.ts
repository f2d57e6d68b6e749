import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HF_FIXTURES } from '../../src/config/paths.js';
import { pullModel, type PullEvent } from '../../src/hub/pull.js';
import { startHubServer, tinyRepoFiles, type HubServer } from '../helpers/hub-server.js';

const REPO = 'acme/tiny-sst2';

describe('pullModel against a local hub on 127.0.0.1', () => {
  let cache: string;
  let hub: HubServer | null = null;
  beforeEach(() => { cache = mkdtempSync(join(tmpdir(), 'audit-pull-')); });
  afterEach(async () => { await hub?.close(); hub = null; rmSync(cache, { recursive: true, force: true }); });

  it('downloads the config, tokenizer and weights and verifies the sha256 of the LFS file', async () => {
    const files = tinyRepoFiles(HF_FIXTURES);
    hub = await startHubServer(REPO, { files, lfs: ['model.safetensors'] });
    const events: PullEvent[] = [];
    const dir = await pullModel(REPO, { endpoint: hub.endpoint, cacheDir: cache, onProgress: (e) => events.push(e) });
    expect(dir).toBe(join(cache, 'models', 'acme--tiny-sst2'));
    expect(readFileSync(join(dir, 'model.safetensors')).equals(files['model.safetensors'])).toBe(true);
    expect(events.filter((e) => e.status === 'verified').map((e) => (e as { file: string }).file))
      .toEqual(['config.json', 'vocab.txt', 'tokenizer_config.json', 'model.safetensors']);
    expect(events).toContainEqual({ status: 'skipped', file: 'onnx/model.onnx', reason: 'not in the repository' });
    expect(existsSync(`${dir}.partial`)).toBe(false);
  });

  it('takes onnx/model.onnx too when the repository has one', async () => {
    const files = { ...tinyRepoFiles(HF_FIXTURES), 'onnx/model.onnx': readFileSync(join(HF_FIXTURES, 'tiny-onnx', 'model.onnx')) };
    hub = await startHubServer(REPO, { files, lfs: ['model.safetensors', 'onnx/model.onnx'] });
    const dir = await pullModel(REPO, { endpoint: hub.endpoint, cacheDir: cache });
    expect(existsSync(join(dir, 'onnx', 'model.onnx'))).toBe(true);
  });

  it('refuses a corrupted file, deletes it and leaves no model in the cache', async () => {
    const files = tinyRepoFiles(HF_FIXTURES);
    const bad = Buffer.from(files['model.safetensors']);
    bad[5000] ^= 0xff;
    hub = await startHubServer(REPO, { files, lfs: ['model.safetensors'], corrupt: { 'model.safetensors': bad } });
    await expect(pullModel(REPO, { endpoint: hub.endpoint, cacheDir: cache })).rejects.toMatchObject({ code: 'E_CHECKSUM' });
    expect(existsSync(join(cache, 'models', 'acme--tiny-sst2'))).toBe(false);
    expect(existsSync(join(cache, 'models', 'acme--tiny-sst2.partial', 'model.safetensors'))).toBe(false);
  });

  it('resumes a dropped download with a Range request', async () => {
    const files = tinyRepoFiles(HF_FIXTURES);
    hub = await startHubServer(REPO, { files, lfs: ['model.safetensors'], dropOnce: { 'model.safetensors': 1_000_000 } });
    await expect(pullModel(REPO, { endpoint: hub.endpoint, cacheDir: cache })).rejects.toMatchObject({ code: 'E_DOWNLOAD' });
    const dir = await pullModel(REPO, { endpoint: hub.endpoint, cacheDir: cache });
    expect(readFileSync(join(dir, 'model.safetensors')).equals(files['model.safetensors'])).toBe(true);
    expect(hub.requests.some((r) => /GET \/cdn\/model\.safetensors bytes=\d+-/.test(r))).toBe(true);
  });

  it('says clearly when the hub cannot be reached', async () => {
    await expect(pullModel(REPO, { endpoint: 'http://127.0.0.1:9', cacheDir: cache })).rejects.toMatchObject({ code: 'E_NETWORK' });
  });

  it('does not touch the network when HF_HUB_OFFLINE=1', async () => {
    process.env.HF_HUB_OFFLINE = '1';
    try {
      await expect(pullModel(REPO, { endpoint: 'http://127.0.0.1:9', cacheDir: cache })).rejects.toMatchObject({ code: 'E_OFFLINE' });
    } finally {
      delete process.env.HF_HUB_OFFLINE;
    }
  });

  it('sends HF_TOKEN as a bearer token', async () => {
    const seen: string[] = [];
    const fake: typeof fetch = async (input, init) => {
      seen.push(String((init?.headers as Record<string, string>)?.authorization));
      return new Response(null, { status: 404 });
    };
    await expect(pullModel(REPO, { endpoint: 'http://127.0.0.1:9', cacheDir: cache, token: 'hf_secret', fetchImpl: fake })).rejects.toThrow();
    expect(seen[0]).toBe('Bearer hf_secret');
  });
});
