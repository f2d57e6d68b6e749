/**
 * Reading Hugging Face safetensors files. Layout: an 8-byte little-endian header length N, N bytes of JSON
 * `{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__"?: {...}}`, then the raw little-endian data;
 * offsets are relative to the start of the data. Format: https://github.com/huggingface/safetensors (README,
 * "Format"). As the reference reader does, the data must be covered exactly: no overlaps, no holes.
 *
 * Only the header is parsed eagerly; each tensor is read from disk on request, straight into a Float32Array.
 */
import { open, stat, type FileHandle } from 'node:fs/promises';
import { endianness } from 'node:os';
import { inputError } from '../errors.js';

export const DTYPE_BYTES = {
  F64: 8, F32: 4, F16: 2, BF16: 2, F8_E4M3: 1, F8_E5M2: 1,
  I64: 8, I32: 4, I16: 2, I8: 1, U64: 8, U32: 4, U16: 2, U8: 1, BOOL: 1,
} as const;
export type Dtype = keyof typeof DTYPE_BYTES;
export function isDtype(s: unknown): s is Dtype {
  return typeof s === 'string' && Object.prototype.hasOwnProperty.call(DTYPE_BYTES, s);
}

/** The float dtypes this reader converts to Float32Array. */
export const FLOAT_DTYPES: readonly Dtype[] = ['F32', 'F16', 'BF16'];

export interface TensorInfo {
  dtype: Dtype;
  shape: number[];
  data_offsets: [number, number];
}

export interface SafetensorsHeader {
  tensors: Record<string, TensorInfo>;
  metadata: Record<string, string>;
  /** Where the data starts in the file: 8 + header length. */
  dataStart: number;
}

/** A guard against absurd header lengths before allocating (the reference reader uses 100 MB too). */
export const MAX_HEADER_LENGTH = 100_000_000;

const bad = (file: string, problem: string) => inputError('E_SAFETENSORS', `${file}: not a valid safetensors file: ${problem}`);

/** Reads the header length from the first 8 bytes and checks it fits in a file of `fileSize` bytes. */
export function headerLength(first8: Uint8Array, fileSize: number, file: string): number {
  if (fileSize < 8 || first8.length < 8) throw bad(file, `${fileSize} bytes is shorter than the 8-byte header length`);
  const n = new DataView(first8.buffer, first8.byteOffset, 8).getBigUint64(0, true); // little-endian
  if (n > BigInt(MAX_HEADER_LENGTH)) throw bad(file, `header length ${n} is over the ${MAX_HEADER_LENGTH}-byte limit`);
  if (Number(n) + 8 > fileSize) throw bad(file, `header length ${n} runs past the end of the file (${fileSize} bytes; truncated?)`);
  if (n < 2n) throw bad(file, `header length ${n} is too short for a JSON object`);
  return Number(n);
}

/** Parses and checks the JSON header: dtypes, shapes, and offsets that tile the data section exactly. */
export function parseHeader(json: Uint8Array, fileSize: number, file: string): SafetensorsHeader {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch (e) {
    throw bad(file, `header is not valid UTF-8 JSON (${(e as Error).message})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw bad(file, 'header is not a JSON object');
  const dataStart = 8 + json.length;
  const dataSize = fileSize - dataStart;
  const tensors: Record<string, TensorInfo> = {};
  let metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (name === '__metadata__') {
      metadata = (value ?? {}) as Record<string, string>;
      continue;
    }
    tensors[name] = checkEntry(name, value, dataSize, file);
  }
  // Sorted by start, each tensor must begin where the previous one ended and the last must end the file.
  const byStart = (a: [string, TensorInfo], b: [string, TensorInfo]) =>
    a[1].data_offsets[0] - b[1].data_offsets[0] || a[1].data_offsets[1] - b[1].data_offsets[1];
  const spans = Object.entries(tensors).sort(byStart);
  let at = 0;
  let prev = '(start of data)';
  for (const [name, info] of spans) {
    const [begin, end] = info.data_offsets;
    if (begin < at) throw bad(file, `tensor "${name}" bytes [${begin}, ${end}) overlap "${prev}" (ends at ${at})`);
    if (begin > at) throw bad(file, `${begin - at} unindexed bytes before tensor "${name}" (offset ${at})`);
    at = end;
    prev = name;
  }
  if (at !== dataSize) throw bad(file, `data section is ${dataSize} bytes but the tensors cover ${at}`);
  return { tensors, metadata, dataStart };
}

function checkEntry(name: string, value: unknown, dataSize: number, file: string): TensorInfo {
  const entry = value as Partial<Record<keyof TensorInfo, unknown>> | null;
  if (entry === null || typeof entry !== 'object') throw bad(file, `tensor "${name}" has no {dtype, shape, data_offsets}`);
  const { dtype, shape, data_offsets: offsets } = entry;
  if (!isDtype(dtype)) throw bad(file, `tensor "${name}" has unknown dtype ${JSON.stringify(dtype)}`);
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw bad(file, `tensor "${name}" shape ${JSON.stringify(shape)} is not a list of non-negative integers`);
  }
  const wellFormed = Array.isArray(offsets) && offsets.length === 2 && offsets.every((o) => Number.isSafeInteger(o) && o >= 0);
  if (!wellFormed || offsets[0] > offsets[1]) {
    throw bad(file, `tensor "${name}" data_offsets ${JSON.stringify(offsets)} is not [begin, end] with 0 <= begin <= end`);
  }
  const [begin, end] = offsets as [number, number];
  if (end > dataSize) throw bad(file, `tensor "${name}" data_offsets [${begin}, ${end}] run past the ${dataSize}-byte data section ` +
    `(truncated?)`);
  const expected = (shape as number[]).reduce((a, b) => a * b, 1) * DTYPE_BYTES[dtype];
  if (end - begin !== expected) {
    throw bad(file, `tensor "${name}" has ${end - begin} bytes but ${dtype} [${(shape as number[]).join(', ')}] needs ${expected}`);
  }
  return { dtype, shape: shape as number[], data_offsets: [begin, end] };
}

// ---- dtype conversion -----------------------------------------------------------------------------------------

const LITTLE_ENDIAN = endianness() === 'LE';
let f16Table: Float32Array | null = null;

/** IEEE 754 half precision -> float32 (exact: every half is a float32), through a 65,536-entry table. */
export function decodeF16(bits: Uint16Array): Float32Array {
  if (!f16Table) {
    f16Table = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) {
      const sign = h & 0x8000 ? -1 : 1;
      const exp = (h >> 10) & 0x1f;
      const frac = h & 0x3ff;
      f16Table[h] = exp === 0 ? sign * frac * 2 ** -24 // subnormal
        : exp === 31 ? (frac ? NaN : sign * Infinity)
          : sign * (1 + frac / 1024) * 2 ** (exp - 15);
    }
  }
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = f16Table[bits[i]];
  return out;
}

/** bfloat16 is the top half of a float32: shift the 16 bits up. */
export function decodeBF16(bits: Uint16Array): Float32Array {
  const out = new Uint32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = bits[i] << 16;
  return new Float32Array(out.buffer);
}

/** Little-endian bytes of a float dtype -> Float32Array. `bytes` must start at an offset aligned for its dtype. */
export function toFloat32(bytes: Uint8Array, dtype: Dtype): Float32Array {
  if (dtype === 'F32') {
    if (LITTLE_ENDIAN) return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return Float32Array.from({ length: bytes.byteLength / 4 }, (_, i) => view.getFloat32(4 * i, true));
  }
  if (dtype === 'F16' || dtype === 'BF16') {
    let bits: Uint16Array;
    if (LITTLE_ENDIAN) bits = new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2);
    else {
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      bits = Uint16Array.from({ length: bytes.byteLength / 2 }, (_, i) => view.getUint16(2 * i, true));
    }
    return dtype === 'F16' ? decodeF16(bits) : decodeBF16(bits);
  }
  throw new Error(`toFloat32: ${dtype} is not a float dtype this reader converts`);
}

// ---- file access ----------------------------------------------------------------------------------------------

/** An open safetensors file: the checked header, and tensors read one at a time. Call `close()` when done. */
export class SafetensorsFile {
  private constructor(readonly path: string, readonly header: SafetensorsHeader, private readonly handle: FileHandle) {}

  static async open(path: string): Promise<SafetensorsFile> {
    const size = (await stat(path)).size;
    const handle = await open(path, 'r');
    try {
      const first8 = new Uint8Array(8);
      if (size >= 8) await handle.read(first8, 0, 8, 0);
      const n = headerLength(first8, size, path);
      const json = new Uint8Array(n);
      await handle.read(json, 0, n, 8);
      return new SafetensorsFile(path, parseHeader(json, size, path), handle);
    } catch (e) {
      await handle.close();
      throw e;
    }
  }

  /** Reads one F32/F16/BF16 tensor as a fresh Float32Array (the caller has checked name and dtype). */
  async readFloat32(name: string): Promise<Float32Array> {
    const info = this.header.tensors[name];
    if (!info) throw new Error(`${this.path}: no tensor "${name}"`);
    const [begin, end] = info.data_offsets;
    // Read into a fresh buffer so the typed-array view is aligned and owns its memory.
    const bytes = new Uint8Array(end - begin);
    let done = 0;
    while (done < bytes.length) {
      const { bytesRead } = await this.handle.read(bytes, done, bytes.length - done, this.header.dataStart + begin + done);
      if (bytesRead === 0) throw bad(this.path, `file ended while reading tensor "${name}"`);
      done += bytesRead;
    }
    return toFloat32(bytes, info.dtype);
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
