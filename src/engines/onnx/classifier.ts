/**
 * `loadOnnxClassifier(dir)`: the same Classifier as `loadClassifier` (tokenizer, labels, target, score,
 * fingerprint, warnings, length-bucketed batches), with the forward pass run by ONNX Runtime on the CPU.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { AuditError, usageError } from '../../errors.js';
import { checkLoad, locateWeights, modelFingerprint, SequenceClassifier, type BatchRunner, type ClassifierInfo, type CommonLoadOptions,
  type PaddedBatch } from '../../model/index.js';
import { BUNDLED_GRAPH, locateGraph, resolveOnnxFile, type GraphOrigin, type GraphSource } from './graph-file.js';
import { defaultThreads, loadOrt, type OrtModule, type OrtSession, type OrtSessionOptions, type OrtTensor } from './runtime.js';

export interface OnnxLoadOptions extends CommonLoadOptions {
  /** Intra-op threads for the session (default: every core, `os.availableParallelism()`). */
  threads?: number;
  /**
   * `--onnx-file`: run this graph as it is (a path, or a file name in <model>/onnx/, e.g. model_quantized.onnx)
   * instead of onnx/model.onnx or our export. Its inputs and outputs are checked first; the fingerprint covers it.
   */
  onnxFile?: string;
}

export const ONNX_BACKEND = 'onnxruntime-cpu';
const KNOWN_INPUTS = ['input_ids', 'attention_mask', 'token_type_ids'];
/** Without attention_mask, padding in a batch would change the scores. */
const REQUIRED_INPUTS = ['input_ids', 'attention_mask'];

export class OnnxClassifier extends SequenceClassifier {
  constructor(
    info: ClassifierInfo,
    runner: BatchRunner,
    /** The graph file the session runs (null when an export could not be cached and was loaded from memory). */
    readonly graphPath: string | null,
    /** file: --onnx-file; bundled: the directory's onnx/model.onnx; cached / exported: our exporter's graph from safetensors. */
    readonly graphOrigin: GraphOrigin,
    readonly threads: number,
  ) {
    super(info, runner);
  }
}

export async function loadOnnxClassifier(dir: string, options: OnnxLoadOptions = {}): Promise<OnnxClassifier> {
  const checked = await checkLoad(dir, options);
  const threads = options.threads ?? defaultThreads();
  if (!Number.isInteger(threads) || threads < 1) throw usageError('E_THREADS', `--threads ${threads}: must be a positive integer`);
  const given = options.onnxFile === undefined ? null : resolveOnnxFile(checked.root, options.onnxFile);
  const ort = await loadOrt();
  // The graph that runs is part of the model's identity: a given file (then the weights need not be there) or the
  // bundled onnx/model.onnx; our own export is a function of the weights, already hashed.
  const bundled = existsSync(join(checked.root, BUNDLED_GRAPH));
  // Without a given file the weights are required, bundled graph or not (the fingerprint would tolerate their absence).
  if (!given) locateWeights(checked.root);
  const extraFiles = given ? [given] : bundled ? [BUNDLED_GRAPH] : [];
  const fingerprint = await modelFingerprint(checked.root, { extraFiles });
  const { session, graph, warnings } = given
    ? await openGivenSession(ort, given, threads)
    : await openSession(ort, checked.root, fingerprint, options.cacheDir, threads);
  let runner: OnnxRunner;
  try {
    runner = new OnnxRunner(ort, session, checked.labels.length, graph.path ?? checked.root);
  } catch (e) {
    await session.release();
    throw e;
  }
  // The graph file is named in the backend, so result.json and the report say which one was audited.
  const backend = given ? `${ONNX_BACKEND} (${displayPath(checked.root, given)})` : ONNX_BACKEND;
  return new OnnxClassifier({ checked, fingerprint, backend, warnings }, runner, graph.path, graph.origin, threads);
}

function sessionOptions(threads: number): OrtSessionOptions {
  return { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all', executionMode: 'sequential',
    executionProviders: ['cpu'] };
}

async function openGivenSession(
  ort: OrtModule,
  path: string,
  threads: number,
): Promise<{ session: OrtSession; graph: GraphSource; warnings: string[] }> {
  const graph: GraphSource = { origin: 'file', path };
  try {
    return { session: await ort.InferenceSession.create(path, sessionOptions(threads)), graph, warnings: [] };
  } catch (e) {
    throw graphError(graph, e);
  }
}

/** Relative to the model directory when inside it (onnx/model_quantized.onnx), else absolute. */
function displayPath(root: string, file: string): string {
  const rel = relative(root, file);
  return rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}

async function openSession(
  ort: OrtModule,
  root: string,
  fingerprint: string,
  cacheDir: string | undefined,
  threads: number,
): Promise<{ session: OrtSession; graph: GraphSource; warnings: string[] }> {
  const create = (graph: GraphSource) =>
    ort.InferenceSession.create(graph.path ?? (graph as { bytes: Uint8Array }).bytes, sessionOptions(threads));
  let graph = await locateGraph(root, fingerprint, cacheDir);
  const warnings = 'warning' in graph ? [graph.warning] : [];
  try {
    return { session: await create(graph), graph, warnings };
  } catch (e) {
    // A cache file that onnxruntime rejects (disk trouble, an interrupted copy) is rebuilt once, not trusted.
    if (graph.origin !== 'cached') throw graphError(graph, e);
    graph = await locateGraph(root, fingerprint, cacheDir, { ignoreCache: true });
    try {
      return { session: await create(graph), graph, warnings: 'warning' in graph ? [graph.warning] : [] };
    } catch (again) {
      throw graphError(graph, again);
    }
  }
}

function graphError(graph: GraphSource, e: unknown): AuditError {
  const what = graph.path ?? 'the exported graph';
  return new AuditError('E_ONNX_GRAPH', `${what}: onnxruntime could not load it (${String((e as Error).message ?? e).split('\n')[0]})`, {
    kind: graph.origin === 'bundled' || graph.origin === 'file' ? 'input' : 'internal',
  });
}

/** One `session.run` per batch. Feeds only the inputs the graph declares (token_type_ids are zeros: one segment). */
class OnnxRunner implements BatchRunner {
  private readonly inputTypes: Map<string, 'int64' | 'int32'>;

  constructor(
    private readonly ort: OrtModule,
    private readonly session: OrtSession,
    private readonly numLabels: number,
    private readonly where: string,
  ) {
    const inputs = session.inputNames.join(', ');
    for (const required of REQUIRED_INPUTS) {
      if (!session.inputNames.includes(required)) {
        throw new AuditError('E_ONNX_GRAPH', `${where}: graph has no input "${required}" (inputs: ${inputs}); a text classifier's graph ` +
          `takes ${REQUIRED_INPUTS.join(' and ')}, and optionally token_type_ids`);
      }
    }
    const unknown = session.inputNames.find((n) => !KNOWN_INPUTS.includes(n));
    if (unknown !== undefined) {
      throw new AuditError('E_ONNX_GRAPH', `${where}: graph input "${unknown}" is not one a text classifier takes (inputs: ${inputs}; ` +
        `this tool feeds ${KNOWN_INPUTS.join(', ')})`);
    }
    for (const m of session.inputMetadata ?? []) {
      if (m.type !== undefined && m.type !== 'int64' && m.type !== 'int32') {
        throw new AuditError('E_ONNX_GRAPH', `${where}: graph input "${m.name}" is ${m.type}, expected int64 or int32 token ids`);
      }
    }
    if (!session.outputNames.includes('logits')) {
      throw new AuditError('E_ONNX_GRAPH', `${where}: graph has no "logits" output (outputs: ${session.outputNames.join(', ')})`);
    }
    const logitsMeta = session.outputMetadata?.find((m) => m.name === 'logits');
    if (logitsMeta?.type !== undefined && logitsMeta.type !== 'float32') {
      throw new AuditError('E_ONNX_GRAPH', `${where}: "logits" is ${logitsMeta.type}, expected float32`);
    }
    const labelsDim = logitsMeta?.shape?.at(-1);
    if (typeof labelsDim === 'number' && labelsDim !== numLabels) {
      throw new AuditError('E_ONNX_GRAPH', `${where}: "logits" has ${labelsDim} columns but config.json has ${numLabels} labels`);
    }
    this.inputTypes = new Map(session.inputNames.map((n) => [n,
      session.inputMetadata?.find((m) => m.name === n)?.type === 'int32' ? 'int32' : 'int64']));
  }

  async run(batch: PaddedBatch): Promise<Float32Array> {
    const dims = [batch.rows, batch.width];
    const values: Record<string, ArrayLike<number>> = {
      input_ids: batch.ids, attention_mask: batch.mask, token_type_ids: new Uint8Array(batch.ids.length),
    };
    const feeds: Record<string, OrtTensor> = {};
    for (const [name, type] of this.inputTypes) {
      feeds[name] = type === 'int32' ? new this.ort.Tensor('int32', Int32Array.from(values[name]), dims) : new this.ort.Tensor('int64',
        toInt64(values[name]), dims);
    }
    const out = (await this.session.run(feeds)).logits;
    if (out.dims.length !== 2 || out.dims[0] !== batch.rows || out.dims[1] !== this.numLabels || !(out.data instanceof Float32Array)) {
      throw new AuditError('E_ONNX_GRAPH', `${this.where}: "logits" came back as ${out.type} [${out.dims.join(', ')}], expected float32 ` +
        `[${batch.rows}, ${this.numLabels}]`);
    }
    return out.data;
  }

  dispose(): Promise<void> {
    return this.session.release();
  }
}

function toInt64(values: ArrayLike<number>): BigInt64Array {
  const out = new BigInt64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = BigInt(values[i]);
  return out;
}
