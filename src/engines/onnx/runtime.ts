/**
 * Loading onnxruntime-node, an optional dependency: a dynamic `import()` so that a missing or broken package is
 * an E_ENGINE error saying how to install it, never a crash at startup. Only the parts of its API used here are
 * typed (structurally), so this compiles without the package.
 */
import { availableParallelism } from 'node:os';
import { AuditError } from '../../errors.js';

export const ORT_PACKAGE = 'onnxruntime-node';

export type OrtTensorType = 'int64' | 'int32' | 'float32';

export interface OrtTensor {
  readonly type: string;
  readonly dims: readonly number[];
  readonly data: unknown;
}

export interface OrtValueMetadata {
  name: string;
  isTensor: boolean;
  type?: string;
  shape?: readonly (number | string)[];
}

export interface OrtSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly inputMetadata?: readonly OrtValueMetadata[];
  readonly outputMetadata?: readonly OrtValueMetadata[];
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  release(): Promise<void>;
}

export interface OrtSessionOptions {
  intraOpNumThreads?: number;
  interOpNumThreads?: number;
  graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'layout' | 'all';
  executionMode?: 'sequential' | 'parallel';
  executionProviders?: string[];
}

export interface OrtModule {
  InferenceSession: { create(model: string | Uint8Array, options?: OrtSessionOptions): Promise<OrtSession> };
  Tensor: new (type: OrtTensorType, data: BigInt64Array | Int32Array | Float32Array, dims: readonly number[]) => OrtTensor;
  env: { versions?: { common?: string; node?: string } };
}

let loading: Promise<OrtModule | string> | null = null;

/** Imports onnxruntime-node once; resolves to the module, or to the reason it could not be loaded. */
export function tryLoadOrt(): Promise<OrtModule | string> {
  if (!loading) {
    // A variable specifier keeps TypeScript and bundlers from resolving the optional package statically.
    const specifier: string = ORT_PACKAGE;
    loading = import(specifier).then(
      (m: { default?: OrtModule } & Partial<OrtModule>) => (m.InferenceSession ? (m as OrtModule) : (m.default as OrtModule)),
      ortLoadFailure,
    );
  }
  return loading;
}

/** Why the import failed, in one line: not installed (and how to install it), or the loader's own message. */
export function ortLoadFailure(e: unknown): string {
  const code = (e as { code?: string }).code;
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || /Cannot find (module|package)/.test(String(e))) {
    return `${ORT_PACKAGE} is not installed (npm install ${ORT_PACKAGE})`;
  }
  return `${ORT_PACKAGE} failed to load: ${String((e as Error).message ?? e).split('\n')[0]}`;
}

/** The onnxruntime module, or E_ENGINE (a usage error: the user asked for --engine onnx) saying why not. */
export async function loadOrt(): Promise<OrtModule> {
  const ort = await tryLoadOrt();
  if (typeof ort === 'string') throw new AuditError('E_ENGINE', `--engine onnx: ${ort}`, { kind: 'usage' });
  return ort;
}

/** Default intra-op threads: every core this process may use. */
export function defaultThreads(): number {
  return availableParallelism();
}

export interface EngineStatus {
  engine: 'onnx';
  available: boolean;
  /** onnxruntime-node's version when it loaded, else null. */
  version: string | null;
  /** Intra-op threads a session uses unless told otherwise. */
  threads: number;
  /** One line for `audit doctor`. */
  reason: string;
}

/** For `audit doctor`: can the ONNX engine run here, which onnxruntime, how many threads. Never throws. */
export async function engineStatus(): Promise<EngineStatus> {
  const ort = await tryLoadOrt();
  const threads = defaultThreads();
  if (typeof ort === 'string') return { engine: 'onnx', available: false, version: null, threads, reason: ort };
  const version = ort.env.versions?.node ?? ort.env.versions?.common ?? null;
  return { engine: 'onnx', available: true, version, threads, reason: `${ORT_PACKAGE} ${version ?? '(version unknown)'} loaded, CPU ` +
    `execution provider, ${threads} intra-op thread${threads === 1 ? '' : 's'} by default` };
}
