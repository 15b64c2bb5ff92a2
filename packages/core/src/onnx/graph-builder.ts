import onnxProto from 'onnx-proto';

// onnx-proto is CommonJS with one `onnx` namespace on its exports: only the default import works
// in Node's ESM loader and bundlers alike.
export const { onnx } = onnxProto;
import type { onnx as OnnxNs } from 'onnx-proto';

/** Element types the exporter uses (ONNX TensorProto.DataType values). */
export const DType = {
  float32: onnx.TensorProto.DataType.FLOAT,
  float16: onnx.TensorProto.DataType.FLOAT16,
  int8: onnx.TensorProto.DataType.INT8,
  uint8: onnx.TensorProto.DataType.UINT8,
  int32: onnx.TensorProto.DataType.INT32,
  int64: onnx.TensorProto.DataType.INT64,
  bool: onnx.TensorProto.DataType.BOOL,
} as const;
export type DTypeName = keyof typeof DType;

/** A dimension: a number when fixed, a name (e.g. `batch`) when dynamic. */
export type Dim = number | string;

type AttrValue = number | number[] | string | { float: number } | { floats: number[] } | { tensor: OnnxNs.ITensorProto };

/** How a weight is stored in the file; the graph always computes in float32. */
export type WeightPrecision = 'fp32' | 'fp16';

/**
 * Collects ONNX nodes, initializers, inputs and outputs, and serialises them with the ONNX
 * project's protobuf definitions (onnx-proto). Names are unique; modules ask for names by prefix.
 */
export class OnnxGraphBuilder {
  readonly nodes: OnnxNs.INodeProto[] = [];
  readonly initializers: OnnxNs.ITensorProto[] = [];
  readonly inputs: OnnxNs.IValueInfoProto[] = [];
  readonly outputs: OnnxNs.IValueInfoProto[] = [];
  private readonly used = new Set<string>();
  private readonly constants = new Map<string, string>();
  /** Values of the small constants, by tensor name (the autodiff reads axes and perms from here). */
  readonly constantValues = new Map<string, number[]>();
  /** Declared dims of graph inputs and initializers. */
  readonly declaredDims = new Map<string, Dim[]>();
  /** With `weightsAsInputs`, every trainable weight becomes a graph input, listed here with its initial value. */
  readonly trainable: Array<{ name: string; dims: number[]; data: Float32Array }> = [];
  /** Dropout masks a training graph takes as inputs (dims may name dynamic axes, e.g. `batch`). */
  readonly dropoutMasks: Array<{ name: string; dims: Dim[]; rate: number }> = [];
  /**
   * Named dims whose size the model fixes itself rather than reading it from a batch input (e.g. an
   * image model's `sequence` is its patch count). Training engines use them to size dropout masks.
   */
  readonly fixedDims = new Map<string, number>();

  constructor(
    readonly weightPrecision: WeightPrecision = 'fp32',
    /** Training graphs feed weights in (and get updated weights out) instead of baking them in. */
    readonly weightsAsInputs = false,
  ) {}

  /** A fresh name starting with `prefix`. */
  name(prefix: string): string {
    let candidate = prefix;
    for (let i = 1; this.used.has(candidate); i++) candidate = `${prefix}_${i}`;
    this.used.add(candidate);
    return candidate;
  }

  /** Says that the named dim `name` always has size `size` in this graph (see `fixedDims`). */
  bindDim(name: string, size: number): void {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`bindDim("${name}") needs a positive integer size; got ${size}.`);
    const known = this.fixedDims.get(name);
    if (known !== undefined && known !== size) throw new RangeError(`Dim "${name}" is already bound to ${known}; cannot bind it to ${size}.`);
    this.fixedDims.set(name, size);
  }

  input(name: string, type: DTypeName, dims: Dim[]): string {
    this.used.add(name);
    this.declaredDims.set(name, dims);
    this.inputs.push(valueInfo(name, type, dims));
    return name;
  }

  /** Declares a graph output; without `dims` its shape is left for the runtime to infer. */
  output(name: string, type: DTypeName, dims?: Dim[]): void {
    this.outputs.push(valueInfo(name, type, dims));
  }

  /** Adds one node and returns its output names (one per `outputs`, or a single generated one). */
  node(opType: string, inputs: string[], attrs: Record<string, AttrValue> = {}, outputs: string[] | number = 1): string[] {
    const outNames = typeof outputs === 'number' ? Array.from({ length: outputs }, () => this.name(opType.toLowerCase())) : outputs;
    outNames.forEach((n) => this.used.add(n));
    this.nodes.push({
      opType,
      name: this.name(`node_${opType}`),
      input: inputs,
      output: outNames,
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
    return outNames;
  }

  /** One-output node. */
  op(opType: string, inputs: string[], attrs: Record<string, AttrValue> = {}, output?: string): string {
    return this.node(opType, inputs, attrs, output ? [output] : 1)[0]!;
  }

  /**
   * A float32 weight. With fp16 storage it is saved as float16 and cast back when the model loads.
   * In a training graph a trainable weight is a graph input named after the parameter instead.
   */
  weight(name: string, data: Float32Array, dims: number[], { trainable = true } = {}): string {
    if (this.weightsAsInputs && trainable) {
      this.trainable.push({ name, dims, data: data.slice() });
      return this.input(name, 'float32', dims);
    }
    if (this.weightPrecision === 'fp16') {
      const stored = this.tensor(`${name}.fp16`, 'float16', dims, new Uint8Array(toFloat16(data).buffer));
      return this.op('Cast', [stored], { to: DType.float32 }, this.name(name));
    }
    return this.tensor(name, 'float32', dims, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  }

  /** An initializer holding raw little-endian bytes of `type`. */
  tensor(name: string, type: DTypeName, dims: number[], raw: Uint8Array): string {
    const unique = this.name(name);
    this.initializers.push({ name: unique, dataType: DType[type], dims, rawData: raw });
    this.declaredDims.set(unique, dims);
    return unique;
  }

  /** A small constant, shared between uses (scalars, shapes, axes). */
  constant(type: 'float32' | 'int64' | 'int32' | 'bool', values: number[], dims: number[] = [values.length]): string {
    const key = `${type}:${dims.join('x')}:${values.join(',')}`;
    const existing = this.constants.get(key);
    if (existing) return existing;
    const raw =
      type === 'float32'
        ? new Uint8Array(Float32Array.from(values).buffer)
        : type === 'int32'
          ? new Uint8Array(Int32Array.from(values).buffer)
          : type === 'bool'
            ? Uint8Array.from(values.map((v) => (v ? 1 : 0)))
            : new Uint8Array(BigInt64Array.from(values.map((v) => BigInt(v))).buffer);
    const name = this.tensor(`const_${type}`, type, dims, raw);
    this.constants.set(key, name);
    this.constantValues.set(name, values);
    return name;
  }

  scalar(value: number): string {
    return this.constant('float32', [value], []);
  }

  /** Serialises the graph as an ONNX model (IR version 8, default-domain opset `opset`). */
  toBytes(graphName: string, opset = 17, producer = { name: 'attune', version: '0.1.0' }): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: producer.name,
      producerVersion: producer.version,
      opsetImport: [{ domain: '', version: opset }],
      graph: {
        name: graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

function valueInfo(name: string, type: DTypeName, dims?: Dim[]): OnnxNs.IValueInfoProto {
  const shape = dims && { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) };
  return { name, type: { tensorType: { elemType: DType[type], ...(shape ? { shape } : {}) } } };
}

function attribute(name: string, v: AttrValue): OnnxNs.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof v === 'number') return { name, type: T.INT, i: v };
  if (typeof v === 'string') return { name, type: T.STRING, s: new TextEncoder().encode(v) };
  if (Array.isArray(v)) return { name, type: T.INTS, ints: v };
  if ('float' in v) return { name, type: T.FLOAT, f: v.float };
  if ('floats' in v) return { name, type: T.FLOATS, floats: v.floats };
  return { name, type: T.TENSOR, t: v.tensor };
}

/** IEEE 754 half precision, round to nearest even (what numpy's astype(float16) does). */
export function toFloat16(values: Float32Array): Uint16Array {
  const out = new Uint16Array(values.length);
  const f32 = new Float32Array(1);
  const u32 = new Uint32Array(f32.buffer);
  for (let i = 0; i < values.length; i++) {
    f32[0] = values[i]!;
    const x = u32[0]!;
    const sign = (x >>> 16) & 0x8000;
    const exp = (x >>> 23) & 0xff;
    let mant = x & 0x7fffff;
    if (exp === 0xff) {
      out[i] = sign | 0x7c00 | (mant ? 0x200 : 0); // inf or NaN
      continue;
    }
    const e = exp - 127 + 15;
    if (e >= 0x1f) {
      out[i] = sign | 0x7c00; // overflow to inf
    } else if (e <= 0) {
      if (e < -10) {
        out[i] = sign; // underflow to zero
        continue;
      }
      mant |= 0x800000;
      const shift = 14 - e;
      let half = mant >>> shift;
      const rem = mant & ((1 << shift) - 1);
      const mid = 1 << (shift - 1);
      if (rem > mid || (rem === mid && half & 1)) half++;
      out[i] = sign | half;
    } else {
      let half = (e << 10) | (mant >>> 13);
      const rem = mant & 0x1fff;
      if (rem > 0x1000 || (rem === 0x1000 && half & 1)) half++;
      out[i] = sign | half;
    }
  }
  return out;
}
