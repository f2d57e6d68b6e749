/**
 * `--engine auto|tfjs|onnx`: which engine scores a local model, and why. The reason is kept: `audit doctor` prints
 * it, result.json records it (`model.engine_reason`) and the report shows it.
 *
 * auto: TF.js on a GPU backend when one loads (the GPU path of the TF.js engine); else ONNX Runtime when onnxruntime-node
 * loads (about 6x faster than TF.js wasm on a CPU, logits within 1e-4 of TF.js); else TF.js on wasm (then cpu).
 */
import { usageError } from '../errors.js';
import type { BackendName } from '../model/index.js';

export const ENGINE_CHOICES = ['auto', 'tfjs', 'onnx'] as const;
export type EngineChoice = (typeof ENGINE_CHOICES)[number];
/** The engines a result can record: the two local ones, a model behind HTTP, and an LLM behind the OpenAI API. */
export type EngineName = 'tfjs' | 'onnx' | 'http' | 'openai';

export interface EngineDecision {
  engine: 'tfjs' | 'onnx';
  /** The TF.js backend to ask for (tfjs only). */
  backend: BackendName;
  /** One line: why this engine, e.g. "auto: no GPU backend (...); onnxruntime-node loaded". */
  reason: string;
}

/** What auto looks at: why each candidate cannot load (null when it can). Injectable so tests pin the machine. */
export interface EngineProbes {
  gpu: () => Promise<string | null>;
  onnx: () => Promise<string | null>;
}

async function defaultProbes(): Promise<EngineProbes> {
  const { gpuBackendFailure } = await import('../model/index.js');
  const { tryLoadOrt } = await import('./onnx/index.js');
  return {
    gpu: gpuBackendFailure,
    onnx: async () => {
      const ort = await tryLoadOrt();
      return typeof ort === 'string' ? ort : null;
    },
  };
}

/** Resolves `--engine` (and `--backend`) to one engine with its reason; an unknown engine is a usage error. */
export async function chooseEngine(wanted: string = 'auto', backend: BackendName = 'auto', probes?: EngineProbes): Promise<EngineDecision> {
  switch (wanted) {
    case 'tfjs':
      return { engine: 'tfjs', backend, reason: '--engine tfjs' };
    case 'onnx':
      return { engine: 'onnx', backend, reason: '--engine onnx' };
    case 'auto':
      return chooseAuto(backend, probes ?? (await defaultProbes()));
    default:
      throw usageError('E_ENGINE', `--engine ${JSON.stringify(wanted)}: expected one of ${ENGINE_CHOICES.join(', ')}`);
  }
}

async function chooseAuto(backend: BackendName, probes: EngineProbes): Promise<EngineDecision> {
  if (backend !== 'auto') return { engine: 'tfjs', backend, reason: `auto: --backend ${backend} is a TF.js backend` };
  const gpu = (await probes.gpu())?.replace(/ \(npm install [^)]*\)$/, '') ?? null; // the reason, without the install hint
  if (gpu === null) return { engine: 'tfjs', backend: 'tensorflow-gpu', reason: 'auto: the TF.js GPU backend (tfjs-node-gpu) loaded' };
  const onnx = (await probes.onnx())?.replace(/ \(npm install [^)]*\)$/, '') ?? null;
  if (onnx === null) {
    return { engine: 'onnx', backend,
      reason: `auto: no GPU backend (${gpu}); onnxruntime-node loaded (about 6x faster than TF.js wasm on CPU)` };
  }
  return { engine: 'tfjs', backend, reason: `auto: no GPU backend (${gpu}) and no ONNX Runtime (${onnx}): TF.js on wasm` };
}
