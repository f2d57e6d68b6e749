/** @jest-environment ./test/engines/onnx/ort-environment.cjs */
/** What `audit doctor` shows for the ONNX engine, and how a missing onnxruntime is explained. */
import { availableParallelism } from 'node:os';
import { engineStatus } from '../../../src/engines/onnx/index.js';
import { ortLoadFailure } from '../../../src/engines/onnx/runtime.js';

describe('engineStatus', () => {
  it('reports onnxruntime-node 1.30.0 available with one thread per core by default', async () => {
    const status = await engineStatus();
    expect(status).toEqual({
      engine: 'onnx',
      available: true,
      version: '1.30.0',
      threads: availableParallelism(),
      reason: `onnxruntime-node 1.30.0 loaded, CPU execution provider, ${availableParallelism()} intra-op thread${availableParallelism() === 1 ? '' : 's'} by default`,
    });
  });
});

describe('ortLoadFailure', () => {
  it('says how to install the package when it is missing', () => {
    const e = Object.assign(new Error("Cannot find package 'onnxruntime-node' imported from /x.js"), { code: 'ERR_MODULE_NOT_FOUND' });
    expect(ortLoadFailure(e)).toBe('onnxruntime-node is not installed (npm install onnxruntime-node)');
  });

  it('keeps the first line of any other loading error (e.g. a binary for another platform)', () => {
    expect(ortLoadFailure(new Error('libonnxruntime.so.1: cannot open shared object file\nmore detail'))).toBe('onnxruntime-node failed to load: libonnxruntime.so.1: cannot open shared object file');
  });
});
