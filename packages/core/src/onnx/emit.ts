import type { OnnxGraphBuilder } from './graph-builder.js';

/** How the weights of large matrices are stored in an exported model. */
export type ExportPrecision = 'fp32' | 'fp16' | 'int8';

/** Everything a module needs to emit its nodes: the graph, and how matrices are to be stored. */
export interface EmitContext {
  g: OnnxGraphBuilder;
  /** `int8`: Linear layers with at least `int8MinSize` weights use dynamic int8 quantisation. */
  precision: ExportPrecision;
  int8MinSize: number;
  /** Training graph: Dropout nodes are emitted in training mode (inference graphs leave them out). */
  training?: boolean;
}

/** Names of the attention mask tensors shared by every layer of a model. */
export interface OnnxMask {
  /** [B|1, 1, Tq|1, Tk] float: 1 attend, 0 masked. */
  keep: string;
  /** Same shape: 0 where kept, -1e9 where masked (added to the scores before softmax). */
  negBias: string;
}
