import { chooseEngine, type EngineProbes } from '../../src/engines/index.js';
import { isAuditError } from '../../src/errors.js';

const loads = async () => null;
const missing = (what: string) => async () => `${what} is not installed`;
const machine = (gpu: EngineProbes['gpu'], onnx: EngineProbes['onnx']): EngineProbes => ({ gpu, onnx });

describe('chooseEngine (--engine)', () => {
  it('auto takes TF.js on the GPU backend when tfjs-node-gpu loads, whatever ONNX Runtime does', async () => {
    const d = await chooseEngine('auto', 'auto', machine(loads, loads));
    expect(d).toEqual({ engine: 'tfjs', backend: 'tensorflow-gpu', reason: 'auto: the TF.js GPU backend (tfjs-node-gpu) loaded' });
  });

  it('auto takes ONNX Runtime when there is no GPU backend and onnxruntime-node loads, and says why', async () => {
    const d = await chooseEngine('auto', 'auto', machine(missing('@tensorflow/tfjs-node-gpu'), loads));
    expect(d.engine).toBe('onnx');
    expect(d.reason).toBe('auto: no GPU backend (@tensorflow/tfjs-node-gpu is not installed); onnxruntime-node loaded (about 6x faster than TF.js wasm on CPU)');
  });

  it('auto falls back to TF.js (wasm, then cpu) when neither loads, naming both reasons', async () => {
    const d = await chooseEngine('auto', 'auto', machine(missing('gpu'), missing('onnxruntime-node')));
    expect(d).toEqual({
      engine: 'tfjs', backend: 'auto',
      reason: 'auto: no GPU backend (gpu is not installed) and no ONNX Runtime (onnxruntime-node is not installed): TF.js on wasm',
    });
  });

  it('auto keeps TF.js when a TF.js backend is named, without looking for ONNX Runtime', async () => {
    let asked = 0;
    const count = async () => { asked += 1; return null; };
    const d = await chooseEngine('auto', 'wasm', machine(count, count));
    expect(d).toEqual({ engine: 'tfjs', backend: 'wasm', reason: 'auto: --backend wasm is a TF.js backend' });
    expect(asked).toBe(0);
  });

  it('takes an engine named outright as it is', async () => {
    expect(await chooseEngine('onnx', 'auto', machine(loads, loads))).toMatchObject({ engine: 'onnx', reason: '--engine onnx' });
    expect(await chooseEngine('tfjs', 'cpu', machine(loads, loads))).toEqual({ engine: 'tfjs', backend: 'cpu', reason: '--engine tfjs' });
  });

  it('refuses an unknown engine loudly (a usage error naming the choices) rather than picking one', async () => {
    const error = await chooseEngine('torch', 'auto', machine(loads, loads)).catch((e: unknown) => e);
    expect(isAuditError(error) && { code: error.code, kind: error.kind, message: error.message }).toEqual({
      code: 'E_ENGINE', kind: 'usage', message: '--engine "torch": expected one of auto, tfjs, onnx',
    });
  });
});
