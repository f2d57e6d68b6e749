import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root (works from src/ under jest and from dist/ after the build: both are two levels down). */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The tool's cache directory: --cache, else $XDG_CACHE_HOME/bias-audit, else ~/.cache/bias-audit. */
export function cacheDir(explicit?: string): string {
  if (explicit) return resolve(explicit);
  const xdg = process.env.XDG_CACHE_HOME;
  return xdg ? join(xdg, 'bias-audit') : join(homedir(), '.cache', 'bias-audit');
}

/**
 * Where the benchmark datasets live: --datasets, else $AUDIT_DATASETS, else ../shared/datasets beside the
 * package root when present, else <cache>/datasets (where `audit datasets pull` writes).
 */
export function datasetsDir(explicit?: string, cache?: string): string {
  if (explicit) return resolve(explicit);
  if (process.env.AUDIT_DATASETS) return resolve(process.env.AUDIT_DATASETS);
  const shared = resolve(PACKAGE_ROOT, '..', 'shared', 'datasets');
  if (existsSync(shared)) return shared;
  return join(cacheDir(cache), 'datasets');
}

/** Hugging Face reference fixtures used by the tests (../shared/fixtures/hf). */
export const HF_FIXTURES = resolve(PACKAGE_ROOT, '..', 'shared', 'fixtures', 'hf');

/** Built-in probe files and lexicons shipped with the package. */
export const PROBES_DIR = join(PACKAGE_ROOT, 'probes');
export const LEXICONS_DIR = join(PACKAGE_ROOT, 'datasets', 'lexicons');
export const TEMPLATES_DIR = join(PACKAGE_ROOT, 'templates');
/** The embedded demo model committed in the repository. */
export const DEMO_MODEL_DIR = join(PACKAGE_ROOT, 'models', 'demo');
