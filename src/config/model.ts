import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { inputError } from '../errors.js';
import { DEMO_MODEL_DIR, cacheDir } from './paths.js';

/** The model the card describes; audited by default whenever it is in a cache. */
export const DEFAULT_HUB_ID = 'distilbert/distilbert-base-uncased-finetuned-sst-2-english';

export interface ResolvedModel {
  dir: string;
  /** What the user asked for, or the hub id / "demo". */
  name: string;
  demo: boolean;
  source: 'path' | 'cache' | 'hf-cache' | 'demo' | 'http';
}

/** A hub id looks like "org/name" or "name" and is not an existing path. */
export function isHubId(arg: string): boolean {
  return /^[A-Za-z0-9][\w.-]*(\/[\w.-]+)?$/.test(arg) && !arg.startsWith('.') && !existsSync(arg);
}

/** Where `audit model pull` stores a hub model: <cache>/models/<org>--<name>. */
export function pulledModelDir(id: string, cache?: string): string {
  return join(cacheDir(cache), 'models', id.replace(/\//g, '--'));
}

/** A model in the Hugging Face cache layout (HF_HOME/hub/models--org--name/snapshots/<rev>), used in place. */
export function hfCacheModelDir(id: string, revision = 'main'): string | null {
  const hfHome = process.env.HF_HUB_CACHE ?? join(process.env.HF_HOME ?? join(homedir(), '.cache', 'huggingface'), 'hub');
  const repo = join(hfHome, `models--${id.replace(/\//g, '--')}`);
  const ref = join(repo, 'refs', revision);
  const snapshot = existsSync(ref) ? readFileSync(ref, 'utf8').trim() : revision;
  const dir = join(repo, 'snapshots', snapshot);
  return existsSync(join(dir, 'config.json')) ? dir : null;
}

function findCached(id: string, cache?: string): ResolvedModel | null {
  const ours = pulledModelDir(id, cache);
  if (existsSync(join(ours, 'config.json'))) return { dir: ours, name: id, demo: false, source: 'cache' };
  const hf = hfCacheModelDir(id);
  if (hf) return { dir: hf, name: id, demo: false, source: 'hf-cache' };
  return null;
}

/**
 * Which model is audited: --model (a directory, a hub id, or "demo"), else $AUDIT_MODEL, else the card's model if it
 * is already cached, else the embedded demo model.
 */
export function resolveModel(arg: string | undefined, cache?: string): ResolvedModel {
  const wanted = arg ?? process.env.AUDIT_MODEL;
  if (!wanted) return findCached(DEFAULT_HUB_ID, cache) ?? demoModel();
  if (wanted === 'demo') return demoModel();
  if (existsSync(wanted)) {
    if (!statSync(wanted).isDirectory()) throw inputError('E_MODEL_DIR', `${wanted}: not a directory (a model is a directory with ` +
      `config.json and weights)`);
    return { dir: resolve(wanted), name: wanted, demo: resolve(wanted) === DEMO_MODEL_DIR, source: 'path' };
  }
  if (isHubId(wanted) && wanted.includes('/')) {
    const cached = findCached(wanted, cache);
    if (cached) return cached;
    throw inputError('E_MODEL_NOT_CACHED', `${wanted}: no such directory, and no cached hub model of that name; to download it run ` +
      `\`audit model pull ${wanted}\``);
  }
  throw inputError('E_MODEL_DIR', `${wanted}: no such model directory`);
}

function demoModel(): ResolvedModel {
  return { dir: DEMO_MODEL_DIR, name: 'bias-audit demo model (small DistilBERT trained on SST-2)', demo: true, source: 'demo' };
}
