/**
 * TensorFlow.js backend selection: the only module that calls `tf.setBackend`.
 *
 * `auto` tries the native bindings (@tensorflow/tfjs-node-gpu, then @tensorflow/tfjs-node), then WebAssembly,
 * then plain JavaScript. The native packages are optional and not dependencies: they are loaded with a dynamic
 * `import()` so their absence only matters when one is asked for by name.
 *
 * tfjs keeps one engine per process (on the global object) with one active backend; tensors live in the backend
 * that made them. `useBackend` may be called again to switch, e.g. by a classifier loaded on another backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { usageError } from '../errors.js';

export type BackendName = 'auto' | 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';
export const BACKEND_NAMES: readonly BackendName[] = ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];

type Concrete = Exclude<BackendName, 'auto'>;

interface BackendInfo {
  /** The name tfjs registers the backend under. */
  tfName: string;
  /** The name reported in results (`Classifier.backend`). */
  label: string;
  /** npm package providing it, for native backends. */
  pkg?: string;
}

const BACKENDS: Record<Concrete, BackendInfo> = {
  'tensorflow-gpu': { tfName: 'tensorflow', label: 'tfjs-node-gpu', pkg: '@tensorflow/tfjs-node-gpu' },
  tensorflow: { tfName: 'tensorflow', label: 'tfjs-node', pkg: '@tensorflow/tfjs-node' },
  wasm: { tfName: 'wasm', label: 'tfjs-wasm' },
  cpu: { tfName: 'cpu', label: 'tfjs-cpu' },
};
const AUTO_ORDER: Concrete[] = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];

export interface SelectedBackend {
  /** What was resolved (never 'auto'). */
  name: Concrete;
  /** The tfjs backend name, for `tf.setBackend`. */
  tfName: string;
  /** Reported name, e.g. "tfjs-wasm". */
  label: string;
}

export interface BackendStatus {
  name: Concrete;
  available: boolean;
  reason: string;
}

const require = createRequire(import.meta.url);
/** The directory holding tfjs-backend-wasm's .wasm binaries (its `main` is in the same dist/ folder). */
export const WASM_DIR = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
const WASM_SIMD_FILE = 'tfjs-backend-wasm-simd.wasm';
const WASM_PLAIN_FILE = 'tfjs-backend-wasm.wasm';

let configured = false;
/** Once per process: library code never prints, so silence tfjs's "install tfjs-node" notice; point wasm at its files. */
function configureOnce(): void {
  if (configured) return;
  configured = true;
  tf.env().set('PROD', true);
  // A directory prefix (with trailing separator): under Node emscripten reads it with fs.readFileSync.
  // Threads are off under Node (tfjs reports WASM_HAS_MULTITHREAD_SUPPORT false), so only the plain or SIMD
  // binary is ever picked, by whether WebAssembly SIMD validates.
  setWasmPaths(WASM_DIR + (WASM_DIR.endsWith('/') ? '' : '/'));
}

const nativeLoad = new Map<string, Promise<string | null>>();
/** Imports a native tfjs package once; resolves to null when loaded, else the reason it could not be. */
function loadNative(pkg: string): Promise<string | null> {
  let p = nativeLoad.get(pkg);
  if (!p) {
    // A variable specifier keeps TypeScript and bundlers from resolving the optional package statically.
    const specifier: string = pkg;
    p = import(specifier).then(
      () => null,
      (e: unknown) => {
        const code = (e as { code?: string }).code;
        if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || /Cannot find (module|package)/.test(String(e))) {
          return `${pkg} is not installed (npm install ${pkg})`;
        }
        return `${pkg} failed to load: ${String((e as Error).message ?? e).split('\n')[0]}`;
      },
    );
    nativeLoad.set(pkg, p);
  }
  return p;
}

/** Makes `backend` the active tfjs backend; resolves to why it could not, or null on success. */
async function activate(name: Concrete): Promise<string | null> {
  configureOnce();
  const info = BACKENDS[name];
  if (info.pkg) {
    const failure = await loadNative(info.pkg);
    if (failure) return failure;
    if (!tf.findBackendFactory(info.tfName)) return `${info.pkg} loaded but registered no "${info.tfName}" backend`;
  }
  try {
    const ok = await tf.setBackend(info.tfName);
    if (!ok) return `tfjs could not initialise the ${info.tfName} backend`;
  } catch (e) {
    return `tfjs could not initialise the ${info.tfName} backend: ${(e as Error).message}`;
  }
  return null;
}

/**
 * Resolves `--backend` and activates it. `auto` takes the first that works; a backend asked for by name that
 * cannot be used is a usage error (E_BACKEND) saying why.
 */
export async function selectBackend(wanted: BackendName = 'auto'): Promise<SelectedBackend> {
  if (!BACKEND_NAMES.includes(wanted)) {
    throw usageError('E_BACKEND', `--backend ${JSON.stringify(wanted)}: expected one of ${BACKEND_NAMES.join(', ')}`);
  }
  const candidates = wanted === 'auto' ? AUTO_ORDER : [wanted];
  const reasons: string[] = [];
  for (const name of candidates) {
    const failure = await activate(name);
    if (failure === null) return { name, tfName: BACKENDS[name].tfName, label: BACKENDS[name].label };
    reasons.push(`${name}: ${failure}`);
  }
  throw usageError('E_BACKEND', `--backend ${wanted}: not available (${reasons.join('; ')})`);
}

/** Switches back to a backend chosen earlier by `selectBackend` (cheap when it is already active). */
export async function useBackend(selected: SelectedBackend): Promise<void> {
  if (tf.getBackend() === selected.tfName) return;
  const failure = await activate(selected.name);
  if (failure) throw usageError('E_BACKEND', `backend ${selected.name} is no longer available: ${failure}`);
}

/** Why the native GPU backend (@tensorflow/tfjs-node-gpu) cannot be loaded, or null when it can. Does not activate it. */
export async function gpuBackendFailure(): Promise<string | null> {
  const info = BACKENDS['tensorflow-gpu'];
  const failure = await loadNative(info.pkg!);
  if (failure) return failure;
  return tf.findBackendFactory(info.tfName) ? null : `${info.pkg} loaded but registered no "${info.tfName}" backend`;
}

/** For `audit doctor`: which backends could be used here, and why not. Does not change the active backend. */
export async function backendStatus(): Promise<BackendStatus[]> {
  configureOnce();
  const out: BackendStatus[] = [];
  for (const name of AUTO_ORDER) {
    const info = BACKENDS[name];
    if (info.pkg) {
      const failure = await loadNative(info.pkg);
      out.push({ name, available: failure === null, reason: failure ?? `${info.pkg} loaded (${info.label})` });
    } else if (name === 'wasm') {
      out.push(wasmStatus());
    } else {
      out.push({ name, available: true, reason: 'plain JavaScript (always available, slowest)' });
    }
  }
  return out;
}

function wasmStatus(): BackendStatus {
  if (typeof WebAssembly !== 'object') return { name: 'wasm', available: false, reason: 'this runtime has no WebAssembly' };
  const simd = wasmSimdSupported();
  const file = join(WASM_DIR, simd ? WASM_SIMD_FILE : WASM_PLAIN_FILE);
  if (!existsSync(file)) return { name: 'wasm', available: false, reason: `${file} is missing` };
  return { name: 'wasm', available: true, reason: `${simd ? 'SIMD' : 'no SIMD'}, single thread under Node (${file})` };
}

/** The same probe tfjs-backend-wasm uses (WASM_HAS_SIMD_SUPPORT): a tiny module with one SIMD instruction. */
export function wasmSimdSupported(): boolean {
  try {
    const module = [0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 10, 9, 1, 7, 0, 65, 0, 253, 15, 26, 11];
    return WebAssembly.validate(new Uint8Array(module));
  } catch {
    return false;
  }
}
