/** The protobuf writer against the wire format's documented examples, and the ONNX messages built on it. */
import { encodeModel, float, int, ints, type ModelSpec } from '../../../src/engines/onnx/onnx-proto.js';
import { ProtoWriter, readLeadingFields } from '../../../src/engines/onnx/protobuf.js';

const bytesOf = (w: ProtoWriter) => [...Buffer.concat(w.finish())];

describe('ProtoWriter', () => {
  it('encodes field 1 = 150 as 08 96 01 (the protobuf encoding guide example)', () => {
    expect(bytesOf(new ProtoWriter().varint(1, 150))).toEqual([0x08, 0x96, 0x01]);
  });

  it('encodes field 2 = "testing" as 12 07 74 65 73 74 69 6e 67 (the guide example)', () => {
    expect(bytesOf(new ProtoWriter().string(2, 'testing'))).toEqual([0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6e, 0x67]);
  });

  it('encodes a negative int64 in ten bytes, two’s complement', () => {
    expect(bytesOf(new ProtoWriter().varint(3, -1))).toEqual([0x18, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
  });

  it('encodes packed repeated varints as one length-delimited field (guide example: 4: [3, 270, 86942])', () => {
    expect(bytesOf(new ProtoWriter().packedVarints(4, [3, 270, 86942]))).toEqual([0x22, 0x06, 0x03, 0x8e, 0x02, 0x9e, 0xa7, 0x05]);
  });

  it('nests a message with its byte length (guide example: 3: {1: 150})', () => {
    expect(bytesOf(new ProtoWriter().message(3, new ProtoWriter().varint(1, 150)))).toEqual([0x1a, 0x03, 0x08, 0x96, 0x01]);
  });

  it('keeps large byte fields by reference through nesting, never copying them', () => {
    const big = new Uint8Array(1000).fill(7);
    const outer = new ProtoWriter().message(1, new ProtoWriter().bytes(2, big));
    const chunks = outer.finish();
    expect(chunks).toContain(big);
    expect(outer.length).toBe(1 + 2 + 1 + 2 + 1000);
  });

  it('refuses a number that is not a safe integer', () => {
    expect(() => new ProtoWriter().varint(1, 1.5)).toThrow('protobuf varint: 1.5 is not a safe integer');
  });
});

describe('readLeadingFields', () => {
  it('reads back varint and string fields, and stops at a field cut off by the prefix', () => {
    const w = new ProtoWriter().varint(1, 8).string(2, 'bias-audit').bytes(7, new Uint8Array(500));
    const prefix = Buffer.concat(w.finish()).subarray(0, 40);
    const fields = readLeadingFields(prefix);
    expect(fields.map((f) => f.field)).toEqual([1, 2]);
    expect(fields[0]).toEqual({ field: 1, varint: 8n });
    expect(Buffer.from((fields[1] as { bytes: Uint8Array }).bytes).toString()).toBe('bias-audit');
  });
});

describe('encodeModel', () => {
  const spec: ModelSpec = {
    irVersion: 8,
    opsetVersion: 17,
    producerName: 'p',
    producerVersion: 'v',
    graphName: 'g',
    nodes: [{ opType: 'LayerNormalization', name: 'n', inputs: ['x', 's', 'b'], outputs: ['y'], attributes: { epsilon: float(1e-12), axis: int(-1), perm: ints([0, 2]) } }],
    initializers: [],
    inputs: [{ name: 'x', elemType: 1, shape: ['batch', 4] }],
    outputs: [{ name: 'y', elemType: 1, shape: ['batch', 4] }],
  };

  it('writes ir_version, producer name and version first, so a file prefix identifies the producer', () => {
    const head = Buffer.concat(encodeModel(spec)).subarray(0, 8);
    expect([...head]).toEqual([0x08, 0x08, 0x12, 0x01, 0x70, 0x1a, 0x01, 0x76]);
  });

  it('encodes a float attribute as a 32-bit little-endian float with type FLOAT (1)', () => {
    const bytes = Buffer.concat(encodeModel(spec));
    const f = Buffer.alloc(4);
    f.writeFloatLE(1e-12);
    // AttributeProto: 0a 07 "epsilon" 15 <4 bytes> a0 01 01  (name, f as fixed32, type = 1)
    const expected = Buffer.concat([Buffer.from([0x0a, 0x07]), Buffer.from('epsilon'), Buffer.from([0x15]), f, Buffer.from([0xa0, 0x01, 0x01])]);
    expect(bytes.indexOf(expected)).toBeGreaterThan(0);
  });
});
