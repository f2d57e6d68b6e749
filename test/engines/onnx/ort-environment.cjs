/**
 * Jest's node environment, plus the host realm's typed-array constructors. Jest runs each test file in its own
 * vm context, so onnxruntime-common (loaded inside it) checks `data instanceof Float32Array` against the
 * context's Float32Array, while the native binding builds its output arrays in the host realm: every
 * session.run() then fails with "A float32 tensor's data must be type of function Float32Array()".
 * Plain Node has one realm and never hits this; only the test files that load onnxruntime use this environment.
 */
const { TestEnvironment } = require('jest-environment-node');

const TYPED_ARRAYS = [
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array',
  'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array',
];

class OrtEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of TYPED_ARRAYS) this.global[name] = globalThis[name];
  }
}

module.exports = OrtEnvironment;
