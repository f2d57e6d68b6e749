import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { DEFAULT_HUB_ID, resolveModel } from '../../src/config/model.js';
import { DEMO_MODEL_DIR } from '../../src/config/paths.js';
import { AuditError } from '../../src/errors.js';

const ENV_KEYS = ['AUDIT_MODEL', 'HF_HOME', 'HF_HUB_CACHE', 'XDG_CACHE_HOME'] as const;

/** A directory that looks like a model to the resolver: it has a config.json. */
function modelDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'config.json'), '{"model_type": "distilbert"}');
  return dir;
}

/** A model in the Hugging Face cache layout: refs/main names the snapshot that holds the files. */
function hfCached(hfHome: string, id: string, sha = '0123456789abcdef0123456789abcdef01234567'): string {
  const repo = join(hfHome, 'hub', `models--${id.replace('/', '--')}`);
  mkdirSync(join(repo, 'refs'), { recursive: true });
  writeFileSync(join(repo, 'refs', 'main'), `${sha}\n`);
  return modelDir(join(repo, 'snapshots', sha));
}

function refusal(arg: string | undefined, cache: string): AuditError {
  try {
    resolveModel(arg, cache);
  } catch (e) {
    if (e instanceof AuditError) return e;
    throw e;
  }
  throw new Error(`resolveModel(${arg}) did not throw`);
}

describe('resolveModel', () => {
  let tmp: string;
  let cache: string;
  let hfHome: string;
  const saved: Partial<Record<(typeof ENV_KEYS)[number], string>> = {};

  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'audit-model-'));
    cache = join(tmp, 'cache');
    hfHome = join(tmp, 'hf');
    mkdirSync(hfHome);
    for (const key of ENV_KEYS) {
      saved[key] = process.env[key];
      delete process.env[key];
    }
    // Never look at the machine's real Hugging Face cache.
    process.env.HF_HOME = hfHome;
  });

  afterEach(() => {
    for (const key of ENV_KEYS) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
    rmSync(tmp, { recursive: true, force: true });
  });

  it('gives the embedded demo model for "demo", saying it is the demo', () => {
    expect(resolveModel('demo', cache)).toEqual({ dir: DEMO_MODEL_DIR, name: expect.stringContaining('demo'), demo: true, source: 'demo' });
  });

  it('uses an existing directory in place, as an absolute path, under the name given', () => {
    const dir = modelDir(join(tmp, 'my-model'));
    expect(resolveModel(dir, cache)).toEqual({ dir, name: dir, demo: false, source: 'path' });
    const rel = relative(process.cwd(), dir);
    expect(resolveModel(rel, cache)).toEqual({ dir, name: rel, demo: false, source: 'path' });
  });

  it('marks the demo model as the demo when it is given by its path', () => {
    expect(resolveModel(DEMO_MODEL_DIR, cache)).toMatchObject({ dir: DEMO_MODEL_DIR, demo: true, source: 'path' });
  });

  it('refuses a missing directory with E_MODEL_DIR, naming it', () => {
    const missing = join(tmp, 'no-such-model');
    const e = refusal(missing, cache);
    expect(e.code).toBe('E_MODEL_DIR');
    expect(e.kind).toBe('input');
    expect(e.message).toBe(`${missing}: no such model directory`);
    expect(refusal('./no-such-model', cache).message).toBe('./no-such-model: no such model directory');
  });

  it('refuses a file where a model directory is expected', () => {
    const file = join(tmp, 'model.safetensors');
    writeFileSync(file, 'not a directory');
    const e = refusal(file, cache);
    expect(e.code).toBe('E_MODEL_DIR');
    expect(e.message).toBe(`${file}: not a directory (a model is a directory with config.json and weights)`);
  });

  it('takes the model from AUDIT_MODEL when --model is not given, and --model over AUDIT_MODEL', () => {
    const fromEnv = modelDir(join(tmp, 'env-model'));
    process.env.AUDIT_MODEL = fromEnv;
    expect(resolveModel(undefined, cache)).toMatchObject({ dir: fromEnv, source: 'path', demo: false });
    expect(resolveModel('demo', cache).source).toBe('demo');
    process.env.AUDIT_MODEL = 'demo';
    expect(resolveModel(undefined, cache).demo).toBe(true);
  });

  it('finds a hub id pulled into our cache (<cache>/models/org--name with a config.json)', () => {
    const dir = modelDir(join(cache, 'models', 'acme--sentiment-small'));
    expect(resolveModel('acme/sentiment-small', cache)).toEqual({ dir, name: 'acme/sentiment-small', demo: false, source: 'cache' });
  });

  it('does not take a cache directory without config.json (an interrupted pull) for a model', () => {
    mkdirSync(join(cache, 'models', 'acme--half-pulled'), { recursive: true });
    expect(refusal('acme/half-pulled', cache).code).toBe('E_MODEL_NOT_CACHED');
  });

  it('finds a hub id in the Hugging Face cache through refs/main and its snapshot', () => {
    const dir = hfCached(hfHome, 'acme/sentiment-small');
    expect(resolveModel('acme/sentiment-small', cache)).toEqual({ dir, name: 'acme/sentiment-small', demo: false, source: 'hf-cache' });
  });

  it('reads the Hugging Face cache from HF_HUB_CACHE when it is set', () => {
    const other = join(tmp, 'elsewhere');
    const dir = hfCached(other, 'acme/sentiment-small');
    expect(refusal('acme/sentiment-small', cache).code).toBe('E_MODEL_NOT_CACHED');
    process.env.HF_HUB_CACHE = join(other, 'hub');
    expect(resolveModel('acme/sentiment-small', cache)).toMatchObject({ dir, source: 'hf-cache' });
  });

  it('prefers our cache to the Hugging Face cache when both hold the model', () => {
    hfCached(hfHome, 'acme/sentiment-small');
    const ours = modelDir(join(cache, 'models', 'acme--sentiment-small'));
    expect(resolveModel('acme/sentiment-small', cache)).toMatchObject({ dir: ours, source: 'cache' });
  });

  it('ignores a Hugging Face ref that points at a snapshot which is not there', () => {
    const repo = join(hfHome, 'hub', 'models--acme--gone');
    mkdirSync(join(repo, 'refs'), { recursive: true });
    writeFileSync(join(repo, 'refs', 'main'), 'feedface');
    expect(refusal('acme/gone', cache).code).toBe('E_MODEL_NOT_CACHED');
  });

  it('refuses a hub id found nowhere with E_MODEL_NOT_CACHED, naming `audit model pull`', () => {
    const e = refusal('acme/nowhere', cache);
    expect(e.code).toBe('E_MODEL_NOT_CACHED');
    expect(e.message).toBe('acme/nowhere: no such directory, and no cached hub model of that name; to download it run `audit model pull acme/nowhere`');
  });

  it('defaults to the demo model when nothing is asked for and the card\'s model is not cached', () => {
    expect(resolveModel(undefined, cache)).toMatchObject({ dir: DEMO_MODEL_DIR, demo: true, source: 'demo' });
  });

  it('defaults to the card\'s model when it is in our cache', () => {
    const dir = modelDir(join(cache, 'models', DEFAULT_HUB_ID.replace('/', '--')));
    expect(resolveModel(undefined, cache)).toEqual({ dir, name: DEFAULT_HUB_ID, demo: false, source: 'cache' });
  });

  it('defaults to the card\'s model when it is in the Hugging Face cache', () => {
    const dir = hfCached(hfHome, DEFAULT_HUB_ID);
    expect(resolveModel(undefined, cache)).toEqual({ dir, name: DEFAULT_HUB_ID, demo: false, source: 'hf-cache' });
  });

  it('finds our cache under XDG_CACHE_HOME when no cache directory is given', () => {
    process.env.XDG_CACHE_HOME = join(tmp, 'xdg');
    const dir = modelDir(join(tmp, 'xdg', 'bias-audit', 'models', 'acme--sentiment-small'));
    expect(resolveModel('acme/sentiment-small')).toMatchObject({ dir, source: 'cache' });
  });
});
