/** A small builder for ONNX graphs: nodes get unique names and outputs, constants become initializers. */
import { DataType, floatBytes, int64Bytes, type Attribute, type NodeSpec, type TensorSpec } from './onnx-proto.js';

export class GraphBuilder {
  readonly nodes: NodeSpec[] = [];
  readonly initializers: TensorSpec[] = [];
  private readonly used = new Set<string>();
  private readonly scalars = new Map<string, string>();

  /** Adds a node with one output, named after `name` (made unique), and returns that output's name. */
  op(opType: string, inputs: string[], name: string, attributes?: Record<string, Attribute>): string {
    const unique = this.unique(name);
    this.nodes.push({ opType, name: unique, inputs, outputs: [unique], attributes });
    return unique;
  }

  /** A float32 initializer, kept by reference (see floatBytes). */
  floats(name: string, values: Float32Array, dims: number[]): string {
    const unique = this.unique(name);
    this.initializers.push({ name: unique, dataType: DataType.FLOAT, dims, raw: floatBytes(values) });
    return unique;
  }

  int64s(name: string, values: number[], dims = [values.length]): string {
    const unique = this.unique(name);
    this.initializers.push({ name: unique, dataType: DataType.INT64, dims, raw: int64Bytes(values) });
    return unique;
  }

  /** A float32 scalar, shared by every node that uses the same value. */
  scalar(value: number): string {
    const key = String(Math.fround(value));
    let name = this.scalars.get(key);
    if (!name) {
      name = this.floats(`const_${this.scalars.size}`, Float32Array.of(value), []);
      this.scalars.set(key, name);
    }
    return name;
  }

  private unique(name: string): string {
    let candidate = name;
    for (let i = 1; this.used.has(candidate); i++) candidate = `${name}_${i}`;
    this.used.add(candidate);
    return candidate;
  }
}
