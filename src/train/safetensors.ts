/**
 * Safetensors for the trainer: writing F32/F16 files here; reading them back goes through the model loader's parser.
 * Layout: u64 little-endian header length, a JSON header {name: {dtype, shape, data_offsets}}, raw little-endian
 * data. The header is padded with spaces to a multiple of 8 bytes, as the reference writer does.
 */
import { headerLength, parseHeader, toFloat32, type TensorInfo } from '../model/index.js';
import { encodeFloat16 } from './float16.js';

export interface NamedArray {
  shape: number[];
  data: Float32Array;
}
export type NamedArrays = Record<string, NamedArray>;
export type StoredDtype = 'F32' | 'F16';


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

/**
 * Header only: name -> {dtype, shape, data_offsets}, with every check the model loader makes (it is the model
 * loader's parser). `file` names the source in error messages.
 */
export function readSafetensorsHeader(buf: Buffer, file: string): Record<string, TensorInfo> {
  const n = headerLength(buf.subarray(0, 8), buf.length, file);
  return parseHeader(buf.subarray(8, 8 + n), buf.length, file).tensors;
}

export function decodeSafetensors(buf: Buffer, file: string): NamedArrays {
  const n = headerLength(buf.subarray(0, 8), buf.length, file);
  const { tensors, dataStart } = parseHeader(buf.subarray(8, 8 + n), buf.length, file);
  const out: NamedArrays = {};
  for (const [name, info] of Object.entries(tensors)) {
    const [start, end] = info.data_offsets;
    // Copy into an aligned buffer: the data section need not be aligned for a typed-array view.
    const bytes = new Uint8Array(buf.subarray(dataStart + start, dataStart + end));
    out[name] = { shape: info.shape, data: toFloat32(bytes, info.dtype) };
  }
  return out;
}
