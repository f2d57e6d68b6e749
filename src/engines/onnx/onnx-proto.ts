/**
 * The few ONNX messages a classifier graph needs, encoded with the writer in protobuf.ts. Field numbers are those
 * of onnx/onnx.proto (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto, TypeProto,
 * TensorShapeProto, OperatorSetIdProto, StringStringEntryProto).
 */
import { endianness } from 'node:os';
import { ProtoWriter } from './protobuf.js';

/** TensorProto.DataType values used here. */
export const DataType = { FLOAT: 1, INT64: 7 } as const;
export type DataTypeCode = (typeof DataType)[keyof typeof DataType];

/** AttributeProto.AttributeType values used here. */
const AttributeType = { FLOAT: 1, INT: 2, INTS: 7 } as const;

export type Attribute = { kind: 'float'; value: number } | { kind: 'int'; value: number } | { kind: 'ints'; value: number[] };

export const float = (value: number): Attribute => ({ kind: 'float', value });
export const int = (value: number): Attribute => ({ kind: 'int', value });
export const ints = (value: number[]): Attribute => ({ kind: 'ints', value });

export interface NodeSpec {
  opType: string;
  name: string;
  inputs: string[];
  outputs: string[];
  attributes?: Record<string, Attribute>;
}

export interface TensorSpec {
  name: string;
  dataType: DataTypeCode;
  dims: number[];
  /** Little-endian element bytes (TensorProto.raw_data). */
  raw: Uint8Array;
}

/** A tensor-typed graph input or output; a string dimension is symbolic (dim_param), a number fixed. */
export interface ValueInfoSpec {
  name: string;
  elemType: DataTypeCode;
  shape: (number | string)[];
}

export interface ModelSpec {
  irVersion: number;
  opsetVersion: number;
  producerName: string;
  producerVersion: string;
  graphName: string;
  nodes: NodeSpec[];
  initializers: TensorSpec[];
  inputs: ValueInfoSpec[];
  outputs: ValueInfoSpec[];
  metadata?: Record<string, string>;
}

/** ModelProto field numbers read back by the cache check. */
export const MODEL_FIELDS = { irVersion: 1, producerName: 2, producerVersion: 3, graph: 7, opsetImport: 8, metadataProps: 14 } as const;

/** The encoded ModelProto as chunks (see ProtoWriter); ir_version and producer fields come first. */
export function encodeModel(spec: ModelSpec): Uint8Array[] {
  const graph = new ProtoWriter();
  for (const node of spec.nodes) graph.message(1, encodeNode(node));
  graph.string(2, spec.graphName);
  for (const t of spec.initializers) graph.message(5, encodeTensor(t));
  for (const v of spec.inputs) graph.message(11, encodeValueInfo(v));
  for (const v of spec.outputs) graph.message(12, encodeValueInfo(v));

  const model = new ProtoWriter()
    .varint(MODEL_FIELDS.irVersion, spec.irVersion)
    .string(MODEL_FIELDS.producerName, spec.producerName)
    .string(MODEL_FIELDS.producerVersion, spec.producerVersion)
    .message(MODEL_FIELDS.graph, graph)
    .message(MODEL_FIELDS.opsetImport, new ProtoWriter().string(1, '').varint(2, spec.opsetVersion));
  for (const [key, value] of Object.entries(spec.metadata ?? {})) {
    model.message(MODEL_FIELDS.metadataProps, new ProtoWriter().string(1, key).string(2, value));
  }
  return model.finish();
}

function encodeNode(node: NodeSpec): ProtoWriter {
  const w = new ProtoWriter();
  for (const i of node.inputs) w.string(1, i);
  for (const o of node.outputs) w.string(2, o);
  w.string(3, node.name).string(4, node.opType);
  for (const [name, attr] of Object.entries(node.attributes ?? {})) w.message(5, encodeAttribute(name, attr));
  return w;
}

function encodeAttribute(name: string, attr: Attribute): ProtoWriter {
  const w = new ProtoWriter().string(1, name);
  switch (attr.kind) {
    case 'float': {
      // AttributeProto.f is a protobuf `float`: wire type 5, four little-endian bytes.
      const bytes = new Uint8Array(4);
      new DataView(bytes.buffer).setFloat32(0, attr.value, true);
      w.rawFixed32(2, bytes);
      return w.varint(20, AttributeType.FLOAT);
    }
    case 'int':
      return w.varint(3, attr.value).varint(20, AttributeType.INT);
    case 'ints':
      return w.packedVarints(8, attr.value).varint(20, AttributeType.INTS);
  }
}

function encodeTensor(t: TensorSpec): ProtoWriter {
  const w = new ProtoWriter();
  if (t.dims.length > 0) w.packedVarints(1, t.dims);
  return w.varint(2, t.dataType).string(8, t.name).bytes(9, t.raw);
}

function encodeValueInfo(v: ValueInfoSpec): ProtoWriter {
  const shape = new ProtoWriter();
  for (const d of v.shape) shape.message(1, typeof d === 'number' ? new ProtoWriter().varint(1, d) : new ProtoWriter().string(2, d));
  const tensorType = new ProtoWriter().varint(1, v.elemType).message(2, shape);
  return new ProtoWriter().string(1, v.name).message(2, new ProtoWriter().message(1, tensorType));
}

const LITTLE_ENDIAN = endianness() === 'LE';

/** float32 values as TensorProto raw_data (little-endian); a view, not a copy, on little-endian machines. */
export function floatBytes(values: Float32Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return out;
}

export function int64Bytes(values: readonly number[]): Uint8Array {
  const out = new Uint8Array(values.length * 8);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
  return out;
}
