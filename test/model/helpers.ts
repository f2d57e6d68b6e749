/** Test helpers for the model stage: temp copies of the fixture models and a small safetensors writer. */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HF_FIXTURES } from '../../src/config/paths.js';

export const TINY = join(HF_FIXTURES, 'tiny');
export const WIDE = join(HF_FIXTURES, 'wide');
export const TINY_BERT = join(HF_FIXTURES, 'tiny-bert');
/** Engine caches (exported ONNX graphs) go here, never into the user's cache; removed by the test files. */
export const TEST_CACHE = join(tmpdir(), `audit-model-cache-${process.pid}`);

export interface Batch {
  input_ids: number[][];
  attention_mask: number[][];
  logits: number[][];
  probs: number[][];
}
export function readLogits(name: 'tiny_logits.json' | 'wide_logits.json' | 'tiny_bert_logits.json'): Batch[] {
  return (JSON.parse(readFileSync(join(HF_FIXTURES, name), 'utf8')) as { batches: Batch[] }).batches;
}

export function tempDir(prefix = 'audit-model-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Copies every file of a fixture model into a fresh temp dir (fixtures are read-only). */
export function copyModel(src: string, skip: string[] = []): string {
  const dir = tempDir();
  for (const f of readdirSync(src)) if (!skip.includes(f)) copyFileSync(join(src, f), join(dir, f));
  return dir;
}

export type RawTensor = { dtype: string; shape: number[]; bytes: Uint8Array };

/** Reads every tensor of a safetensors file as raw bytes (test-side, independent of the reader under test). */
export function readRaw(path: string): Record<string, RawTensor> {
  const buf = readFileSync(path);
  const n = Number(buf.readBigUInt64LE(0));
  const header = JSON.parse(buf.subarray(8, 8 + n).toString('utf8')) as Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
  const out: Record<string, RawTensor> = {};
  for (const [name, info] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const [b, e] = info.data_offsets;
    out[name] = { dtype: info.dtype, shape: info.shape, bytes: new Uint8Array(buf.subarray(8 + n + b, 8 + n + e)) };
  }
  return out;
}

/** Writes tensors contiguously in the given order, header padded to 8 bytes with spaces as the reference writer does. */
export function writeRaw(path: string, tensors: Record<string, RawTensor>): void {
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + t.bytes.length] };
    offset += t.bytes.length;
  }
  writeHeaderAndData(path, header, Object.values(tensors).map((t) => t.bytes));
}

export function writeHeaderAndData(path: string, header: unknown, chunks: Uint8Array[]): void {
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (Buffer.byteLength(json) % 8)) % 8);
  const head = Buffer.alloc(8);
  head.writeBigUInt64LE(BigInt(Buffer.byteLength(json)));
  writeFileSync(path, Buffer.concat([head, Buffer.from(json, 'utf8'), ...chunks]));
}

export function f32(bytes: Uint8Array): Float32Array {
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/** float32 -> bfloat16 by truncation (the decoded value is then exactly the float with its low 16 bits cleared). */
export function toBF16Bytes(values: Float32Array): Uint8Array {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = bits[i] >>> 16;
  return new Uint8Array(out.buffer);
}

/** float32 -> IEEE half, round to nearest even; normal range only (the fixture weights are all small and normal). */
export function toF16Bytes(values: Float32Array): Uint8Array {
  const out = new Uint16Array(values.length);
  const bits = new Uint32Array(new Float32Array(values).buffer);
  for (let i = 0; i < values.length; i++) {
    const x = bits[i];
    const sign = (x >>> 16) & 0x8000;
    const exp = ((x >>> 23) & 0xff) - 127 + 15;
    const mant = x & 0x7fffff;
    if (exp <= 0) { out[i] = sign; continue; } // flush tiny values to zero (not hit by the fixture)
    let h = sign | (exp << 10) | (mant >>> 13);
    const rest = mant & 0x1fff;
    if (rest > 0x1000 || (rest === 0x1000 && (h & 1))) h += 1;
    out[i] = h;
  }
  return new Uint8Array(out.buffer);
}

export function maxAbsDiff(a: number[][], b: number[][]): number {
  let worst = 0;
  a.forEach((row, i) => row.forEach((v, j) => { worst = Math.max(worst, Math.abs(v - b[i][j])); }));
  return worst;
}
