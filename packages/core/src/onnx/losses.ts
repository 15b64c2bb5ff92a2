import type { OnnxGraphBuilder } from './graph-builder.js';

/**
 * Mean softmax cross-entropy as ONNX nodes, the training-graph twin of train/losses.ts:
 * logits [B, C], labels int32 [B] -> scalar. One-hot product rather than a gather, as in tfjs.
 */
export function emitSoftmaxCrossEntropy(g: OnnxGraphBuilder, logits: string, labels: string, numClasses: number): string {
  // ONNX Runtime's CPU OneHot takes int32 indices with an int32 depth and float values
  const oneHot = g.op('OneHot', [labels, g.constant('int32', [numClasses], []), g.constant('float32', [0, 1])], { axis: -1 });
  const picked = g.op('ReduceSum', [g.op('Mul', [g.op('LogSoftmax', [logits], { axis: -1 }), oneHot]), g.constant('int64', [1])], { keepdims: 0 });
  return g.op('Neg', [g.op('ReduceMean', [picked, g.constant('int64', [0])], { keepdims: 0 })]);
}
