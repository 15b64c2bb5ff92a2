import type { onnx as OnnxNs } from 'onnx-proto';
import { AttuneError } from '../errors/attune-error.js';
import type { OnnxGraphBuilder } from '../onnx/graph-builder.js';

export type OnnxNode = OnnxNs.INodeProto;

/** Reading a node's attributes (protobuf longs come back as numbers). */
export function attrInt(node: OnnxNode, name: string, fallback: number): number {
  const a = node.attribute?.find((x) => x.name === name);
  return a?.i === undefined || a.i === null ? fallback : Number(a.i);
}

export function attrInts(node: OnnxNode, name: string): number[] | undefined {
  const a = node.attribute?.find((x) => x.name === name);
  return a?.ints?.map(Number);
}

export function attrFloat(node: OnnxNode, name: string, fallback: number): number {
  const a = node.attribute?.find((x) => x.name === name);
  return a?.f === undefined || a.f === null ? fallback : a.f;
}

/**
 * The static facts the gradient rules need about a graph under construction: constant values (axes,
 * perms, ratios) and tensor ranks (for the transposes of MatMul gradients), inferred on demand.
 */
export class GraphView {
  private readonly producer = new Map<string, OnnxNode>();
  private readonly ranks = new Map<string, number>();

  constructor(readonly g: OnnxGraphBuilder) {
    for (const n of g.nodes) for (const o of n.output ?? []) this.producer.set(o, n);
  }

  /** Register a node added after construction (rules add nodes as they go). */
  track(node: OnnxNode): void {
    for (const o of node.output ?? []) this.producer.set(o, node);
  }

  constant(name: string): number[] | undefined {
    return this.g.constantValues.get(name);
  }

  requireConstant(name: string, what: string): number[] {
    const v = this.constant(name);
    if (!v) throw new AttuneError('INVALID_CONFIG', `Training graphs need ${what} to be a constant (tensor ${name} is computed).`);
    return v;
  }

  rank(name: string): number {
    const known = this.ranks.get(name);
    if (known !== undefined) return known;
    const dims = this.g.declaredDims.get(name);
    let r: number;
    if (dims) r = dims.length;
    else {
      const node = this.producer.get(name);
      if (!node) throw new AttuneError('INVALID_CONFIG', `Cannot infer the rank of ${name}: it is neither declared nor produced by a node.`);
      r = this.inferRank(node, name);
    }
    this.ranks.set(name, r);
    return r;
  }

  private inferRank(node: OnnxNode, output: string): number {
    const ins = node.input ?? [];
    const r = (i: number) => this.rank(ins[i]!);
    switch (node.opType) {
      case 'Add': case 'Sub': case 'Mul': case 'Div': case 'Max': case 'Min': case 'MatMul': case 'Equal': case 'And': case 'Where':
        return Math.max(...ins.map((_, i) => r(i)));
      case 'Erf': case 'Tanh': case 'Neg': case 'Exp': case 'Sqrt': case 'Cast': case 'Not': case 'Identity': case 'Softmax':
      case 'LogSoftmax': case 'Dropout': case 'Relu': case 'Softplus': case 'Sigmoid': case 'Concat': case 'Transpose': case 'Slice': case 'LayerNormalization': case 'Trilu':
        return r(0);
      case 'Reshape':
        return this.requireConstant(ins[1]!, 'Reshape shapes').length;
      case 'Unsqueeze':
        return r(0) + this.requireConstant(ins[1]!, 'Unsqueeze axes').length;
      case 'ReduceSum': case 'ReduceMean':
        return attrInt(node, 'keepdims', 1) ? r(0) : r(0) - this.requireConstant(ins[1]!, 'reduction axes').length;
      case 'Gather':
        return r(0) - 1 + r(1);
      case 'OneHot':
        return r(0) + 1;
      case 'Shape':
        return 1;
      case 'ScatterND':
        return r(0);
      case 'ConstantOfShape':
        return this.length1d(ins[0]!);
      case 'Expand':
        return Math.max(r(0), this.length1d(ins[1]!));
      default:
        throw new AttuneError('INVALID_CONFIG', `No rank rule for ONNX op ${node.opType} (output ${output}).`);
    }
  }

  /** Element count of a 1-D shape tensor known statically: a constant, a Shape (sliced or not), or a Concat of those. */
  private length1d(name: string): number {
    const constant = this.constant(name);
    if (constant) return constant.length;
    const node = this.producer.get(name);
    const ins = node?.input ?? [];
    if (node?.opType === 'Shape') {
      const rank = this.rank(ins[0]!);
      const clamp = (i: number) => Math.min(rank, Math.max(0, i < 0 ? i + rank : i));
      return clamp(attrInt(node, 'end', rank)) - clamp(attrInt(node, 'start', 0));
    }
    if (node?.opType === 'Concat') return ins.reduce((n, i) => n + this.length1d(i), 0);
    throw new AttuneError('INVALID_CONFIG', `Cannot infer the length of shape tensor ${name}.`);
  }
}
