/**
 * Just enough safetensors for the trainer: write F32/F16 files and read them back (F32, F16, BF16).
 * Layout: u64 little-endian header length, a JSON header {name: {dtype, shape, data_offsets}}, raw little-endian
 * data. The header is padded with spaces to a multiple of 8 bytes, as the reference writer does.
 */
import { inputError } from '../errors.js';
import { decodeFloat16, encodeFloat16 } from './float16.js';

export interface NamedArray {
  shape: number[];
  data: Float32Array;
}
export type NamedArrays = Record<string, NamedArray>;
export type StoredDtype = 'F32' | 'F16';

interface TensorInfo {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

export function encodeSafetensors(
  tensors: NamedArrays,
  dtype: StoredDtype,
  metadata: Record<string, string> = { format: 'pt' },
): Buffer {
  const names = Object.keys(tensors).sort();
  const header: Record<string, TensorInfo | Record<string, string>> = { __metadata__: metadata };
  const chunks: Buffer[] = [];
  let offset = 0;
  for (const name of names) {
    const { shape, data } = tensors[name];
    const count = shape.reduce((a, b) => a * b, 1);
    if (count !== data.length) throw new Error(`tensor ${name}: shape [${shape}] needs ${count} values, got ${data.length}`);
    const typed = dtype === 'F16' ? encodeFloat16(data) : data;
    const bytes = Buffer.from(typed.buffer, typed.byteOffset, typed.byteLength);
    header[name] = { dtype, shape, data_offsets: [offset, offset + bytes.length] };
    chunks.push(bytes);
    offset += bytes.length;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (Buffer.byteLength(json) % 8)) % 8);
  const head = Buffer.alloc(8);
  head.writeBigUInt64LE(BigInt(Buffer.byteLength(json)));
  return Buffer.concat([head, Buffer.from(json, 'utf8'), ...chunks]);
}

/** Header only: name -> {dtype, shape, data_offsets}. `file` names the source in error messages. */
export function readSafetensorsHeader(buf: Buffer, file: string): Record<string, TensorInfo> {
  if (buf.length < 8) throw inputError('E_SAFETENSORS', `${file}: safetensors file is shorter than its 8-byte header length`);
  const n = Number(buf.readBigUInt64LE(0));
  if (n > buf.length - 8) throw inputError('E_SAFETENSORS', `${file}: safetensors header length ${n} exceeds the file size`);
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(buf.subarray(8, 8 + n).toString('utf8')) as Record<string, unknown>;
  } catch {
    throw inputError('E_SAFETENSORS', `${file}: safetensors header is not valid JSON`);
  }
  delete parsed.__metadata__;
  return parsed as Record<string, TensorInfo>;
}

export function decodeSafetensors(buf: Buffer, file: string): NamedArrays {
  const header = readSafetensorsHeader(buf, file);
  const base = 8 + Number(buf.readBigUInt64LE(0));
  const out: NamedArrays = {};
  for (const [name, info] of Object.entries(header)) {
    const [start, end] = info.data_offsets;
    const raw = buf.subarray(base + start, base + end);
    // Copy into an aligned buffer: the data section need not be aligned for a typed-array view.
    const bytes = new Uint8Array(raw.length);
    bytes.set(raw);
    let data: Float32Array;
    if (info.dtype === 'F32') data = new Float32Array(bytes.buffer);
    else if (info.dtype === 'F16') data = decodeFloat16(new Uint16Array(bytes.buffer));
    else if (info.dtype === 'BF16') {
      const b = new Uint16Array(bytes.buffer);
      const u = new Uint32Array(b.length);
      for (let i = 0; i < b.length; i++) u[i] = b[i] << 16;
      data = new Float32Array(u.buffer);
    } else throw inputError('E_SAFETENSORS', `${file}: tensor ${name} has unsupported dtype ${info.dtype}`);
    out[name] = { shape: info.shape, data };
  }
  return out;
}
