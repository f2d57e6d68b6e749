/** Conversion between the trainer's layout (linear weights [in, out]) and torch's ([out, in]). */
import type { DemoModelConfig } from './config.js';
import { paramSpecs } from './params.js';
import type { NamedArray, NamedArrays } from './safetensors.js';

function transpose2d({ shape, data }: NamedArray): NamedArray {
  const [r, c] = shape;
  const out = new Float32Array(data.length);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = data[i * c + j];
  return { shape: [c, r], data: out };
}

export function toHfLayout(params: NamedArrays, cfg: DemoModelConfig): NamedArrays {
  const out: NamedArrays = {};
  for (const spec of paramSpecs(cfg)) {
    const p = params[spec.name];
    out[spec.name] = spec.kind === 'linear' ? transpose2d(p) : p;
  }
  return out;
}

/** The inverse of toHfLayout; checks that every expected tensor is present with the expected shape. */
export function fromHfLayout(tensors: NamedArrays, cfg: DemoModelConfig, file: string): NamedArrays {
  const out: NamedArrays = {};
  const problems: string[] = [];
  for (const spec of paramSpecs(cfg)) {
    const t = tensors[spec.name];
    const want = spec.kind === 'linear' ? [spec.shape[1], spec.shape[0]] : spec.shape;
    if (!t) problems.push(`missing tensor ${spec.name}`);
    else if (t.shape.join(',') !== want.join(',')) problems.push(`${spec.name}: shape [${t.shape}], expected [${want}]`);
    else out[spec.name] = spec.kind === 'linear' ? transpose2d(t) : t;
  }
  if (problems.length) throw new Error(`${file}: ${problems.join('; ')}`);
  return out;
}
