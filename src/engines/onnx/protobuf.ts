/**
 * A minimal protobuf wire-format writer (and a reader for the few leading fields we check), written here because
 * no installed package gives the ONNX message types: onnxruntime-node only loads models, and neither `onnx-proto`
 * nor `protobufjs` is a dependency. Only what ONNX's messages need: varints, length-delimited fields, 32-bit
 * floats, packed repeated int64. Wire format: https://protobuf.dev/programming-guides/encoding/
 *
 * A message is kept as a list of chunks, so a 250 MB weight is never copied while nesting: a parent only
 * prepends its tag and length to the child's chunks, and the file is written chunk by chunk.
 */

const VARINT = 0;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

export class ProtoWriter {
  private readonly chunks: Uint8Array[] = [];
  /** Small bytes (tags, lengths, varints) gathered until a large chunk or the end flushes them. */
  private pending: number[] = [];
  private size = 0;

  get length(): number {
    return this.size + this.pending.length;
  }

  /** An int32/int64/enum field; negative values take ten bytes (two's complement), as protobuf specifies. */
  varint(field: number, value: number | bigint): this {
    this.tag(field, VARINT);
    this.rawVarint(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  /** The bytes are kept by reference, not copied: the caller must not change them afterwards. */
  bytes(field: number, value: Uint8Array): this {
    this.tag(field, LENGTH_DELIMITED);
    this.rawVarint(value.length);
    this.append(value);
    return this;
  }

  message(field: number, child: ProtoWriter): this {
    this.tag(field, LENGTH_DELIMITED);
    this.rawVarint(child.length);
    for (const chunk of child.finish()) this.append(chunk);
    return this;
  }

  /** A `float` or `fixed32` field: four little-endian bytes. */
  rawFixed32(field: number, bytes: Uint8Array): this {
    this.tag(field, FIXED32);
    this.append(bytes);
    return this;
  }

  /** A packed repeated int64 field (e.g. AttributeProto.ints). */
  packedVarints(field: number, values: readonly (number | bigint)[]): this {
    const inner = new ProtoWriter();
    for (const v of values) inner.rawVarint(v);
    this.tag(field, LENGTH_DELIMITED);
    this.rawVarint(inner.length);
    for (const chunk of inner.finish()) this.append(chunk);
    return this;
  }

  /** The encoded message as chunks, in order. */
  finish(): Uint8Array[] {
    this.flush();
    return this.chunks;
  }

  private tag(field: number, wireType: number): void {
    this.rawVarint((field << 3) | wireType);
  }

  private rawVarint(value: number | bigint): void {
    if (typeof value === 'number' &&
      (!Number.isSafeInteger(value))) throw new RangeError(`protobuf varint: ${value} is not a safe integer`);
    let v = BigInt.asUintN(64, BigInt(value));
    do {
      const low = Number(v & 0x7fn);
      v >>= 7n;
      this.pending.push(v > 0n ? low | 0x80 : low);
    } while (v > 0n);
  }

  private append(chunk: Uint8Array): void {
    if (chunk.length < 64) {
      for (const b of chunk) this.pending.push(b);
      return;
    }
    this.flush();
    this.chunks.push(chunk);
    this.size += chunk.length;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.chunks.push(Uint8Array.from(this.pending));
    this.size += this.pending.length;
    this.pending = [];
  }
}

export type ProtoField = { field: number; varint: bigint } | { field: number; bytes: Uint8Array };

/**
 * Reads the top-level fields at the start of a message, stopping at the first length-delimited field that runs
 * past `bytes` (a prefix of a large file is enough to read the small fields written first).
 */
export function readLeadingFields(bytes: Uint8Array): ProtoField[] {
  const out: ProtoField[] = [];
  let at = 0;
  const varint = (): bigint | null => {
    let result = 0n;
    for (let shift = 0n; at < bytes.length && shift < 70n; shift += 7n) {
      const b = bytes[at++];
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
    }
    return null;
  };
  while (at < bytes.length) {
    const key = varint();
    if (key === null) break;
    const field = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (wire === VARINT) {
      const v = varint();
      if (v === null) break;
      out.push({ field, varint: v });
    } else if (wire === LENGTH_DELIMITED) {
      const n = varint();
      if (n === null || at + Number(n) > bytes.length) break;
      out.push({ field, bytes: bytes.subarray(at, at + Number(n)) });
      at += Number(n);
    } else {
      break; // ONNX writes no fixed-width fields at the top level of ModelProto
    }
  }
  return out;
}
