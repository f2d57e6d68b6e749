/**
 * The I/O edge of probes: find the probe file (path, or built-in id -> probes/<id>.yaml), read it and the lexicon
 * files it names, then hand everything to the pure parse + validate steps. Problems become one AuditError.
 */
import { readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { limit, LIMITS } from '../config/limits.js';
import { LEXICONS_DIR, PACKAGE_ROOT, PROBES_DIR } from '../config/paths.js';
import { inputError, isAuditError } from '../errors.js';
import { countItems, lexiconFormat, parseLexicon, type Lexicon } from '../expand/index.js';
import { readTextFile, TextFileError } from '../util/read-text.js';
import { parseProbeSpec } from './parse.js';
import type { LoadedProbe } from './types.js';
import { lexiconRefs, validateProbe, type LexiconLoad } from './validate.js';

export interface LoadOptions {
  /** Where built-in probes live (default: PROBES_DIR). */
  probesDir?: string;
  /** Where built-in lexicons live (default: LEXICONS_DIR). */
  lexiconsDir?: string;
}

const PROBE_EXTENSIONS = ['.yaml', '.yml', '.json'];

/** Load and validate a probe: a file path, or the id of a built-in probe. Throws E_PROBE_SPEC with every problem. */
export async function loadProbeSpec(pathOrId: string, options: LoadOptions = {}): Promise<LoadedProbe> {
  const path = await findProbeFile(pathOrId, options.probesDir ?? PROBES_DIR);
  const file = displayPath(path);
  let text: string;
  try {
    text = readTextFile(path, file, { maxBytes: limit('probeBytes'), limitHint: `set ${LIMITS.probeBytes.env} to change it` });
  } catch (err) {
    if (err instanceof TextFileError) throw inputError('E_PROBE_SPEC', err.message);
    throw err;
  }
  const parsed = parseProbeSpec(text, file);
  const lexicons = new Map<string, LexiconLoad>();
  for (const ref of lexiconRefs(parsed)) {
    lexicons.set(ref, await readLexicon(ref, dirname(path), options.lexiconsDir ?? LEXICONS_DIR));
  }
  const { loaded, problems } = validateProbe(parsed, lexicons);
  if (loaded === null) {
    throw inputError('E_PROBE_SPEC', `${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}`, problems);
  }
  return loaded;
}

export interface BuiltinProbe {
  id: string;
  title: string;
  file: string;
  templates: number;
  /** Sentences the probe expands to, control sentences included. */
  sentences: number;
  /** Null when the probe loads; else the error message (its problems are in `problems`). */
  error: string | null;
  problems: string[];
}

/** Every probe file in the built-in probes folder, loaded and counted. A broken file is listed with its error. */
export async function listBuiltinProbes(options: LoadOptions = {}): Promise<BuiltinProbe[]> {
  const dir = options.probesDir ?? PROBES_DIR;
  const files = await probeFiles(dir);
  const out: BuiltinProbe[] = [];
  for (const name of files) {
    const path = join(dir, name);
    const id = basename(name, extname(name));
    try {
      const loaded = await loadProbeSpec(path, options);
      const { spec } = loaded;
      const counts = { templates: spec.templates.length, sentences: countItems(loaded) };
      out.push({ id: spec.id, title: spec.title, file: displayPath(path), ...counts, error: null, problems: [] });
    } catch (err) {
      if (!isAuditError(err)) throw err;
      out.push({ id, title: '', file: displayPath(path), templates: 0, sentences: 0, error: err.message, problems: err.problems });
    }
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

/** Every built-in lexicon with its size; unreadable files are listed with their problems. */
export interface BuiltinLexicon {
  name: string;
  version: string;
  entries: number;
  file: string;
  problems: string[];
}

export async function listBuiltinLexicons(options: LoadOptions = {}): Promise<BuiltinLexicon[]> {
  const dir = options.lexiconsDir ?? LEXICONS_DIR;
  const names = (await safeReaddir(dir)).filter((n) => n.endsWith('.json')).sort();
  const out: BuiltinLexicon[] = [];
  for (const name of names) {
    const ref = basename(name, '.json');
    const load = await readLexicon(ref, dir, dir);
    out.push({
      name: ref,
      version: load.lexicon?.version ?? '',
      entries: load.lexicon?.entries.length ?? 0,
      file: displayPath(join(dir, name)),
      problems: load.problems.map((p) => (p.line === null ? p.message : `line ${p.line}: ${p.message}`)),
    });
  }
  return out;
}

/**
 * A lexicon reference is a file path when it has a slash or a .json/.csv extension (relative to the probe file),
 * otherwise the name of a built-in lexicon (<lexiconsDir>/<name>.json).
 */
export function isLexiconPath(ref: string): boolean {
  return /[\\/]/.test(ref) || /\.(json|csv)$/i.test(ref);
}

export async function readLexicon(ref: string, probeDir: string, lexiconsDir: string): Promise<LexiconLoad> {
  const builtin = !isLexiconPath(ref);
  const path = builtin ? join(lexiconsDir, `${ref}.json`) : resolve(probeDir, ref);
  let text: string;
  try {
    text = readTextFile(path, displayPath(path), { maxBytes: limit('lexiconBytes'),
      limitHint: `set ${LIMITS.lexiconBytes.env} to change it` });
  } catch (err) {
    if (!(err instanceof TextFileError)) throw err;
    const message = builtin && err.reason === 'missing'
      ? `no built-in lexicon of that name (looked for ${displayPath(path)})`
      : err.reason === 'missing'
        ? `file not found (${displayPath(path)})`
        : `${displayPath(path)}: ${err.detail}`;
    return { lexicon: null, problems: [{ line: err.line, message }] };
  }
  const name = builtin ? ref : basename(path, extname(path));
  const source = builtin ? relative(PACKAGE_ROOT, path) || path : displayPath(path);
  const parsed = parseLexicon(text, { name, source, format: lexiconFormat(path) });
  return { lexicon: parsed.lexicon as Lexicon | null, problems: parsed.problems };
}

async function findProbeFile(pathOrId: string, probesDir: string): Promise<string> {
  const looksLikePath = /[\\/]/.test(pathOrId) || PROBE_EXTENSIONS.includes(extname(pathOrId).toLowerCase());
  if (looksLikePath) {
    const path = resolve(pathOrId);
    if (!existsSync(path)) throw inputError('E_PROBE_NOT_FOUND', `${pathOrId}: probe file not found`);
    return path;
  }
  for (const ext of PROBE_EXTENSIONS) {
    const path = join(probesDir, `${pathOrId}${ext}`);
    if (existsSync(path)) return path;
  }
  const known = (await probeFiles(probesDir)).map((n) => basename(n, extname(n))).join(', ') || 'none';
  const looked = displayPath(join(probesDir, `${pathOrId}.yaml`));
  throw inputError('E_PROBE_NOT_FOUND', `no built-in probe "${pathOrId}" (looked for ${looked}; built-in probes: ${known})`);
}

async function probeFiles(dir: string): Promise<string[]> {
  return (await safeReaddir(dir)).filter((n) => PROBE_EXTENSIONS.includes(extname(n).toLowerCase())).sort();
}

async function safeReaddir(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

/** Paths in messages: relative to the working directory when inside it, else absolute. */
function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}
