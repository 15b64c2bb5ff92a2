import type { EmitContext } from '../onnx/emit.js';
import { OnnxGraphBuilder, type Dim } from '../onnx/graph-builder.js';
import { emitAdamW } from './adamw-graph.js';
import { differentiate } from './autodiff.js';
import { GraphView } from './graph-view.js';

/** A model that can emit its forward pass and mean loss as ONNX (weights as graph inputs). */
export interface OnnxTrainable {
  readonly name: string;
  /** Declares the batch inputs (e.g. `ids`, `labels`), emits forward and loss; returns their names. */
  emitOnnxLoss(ctx: EmitContext): { loss: string; output: string };
}

export interface TrainingGraphs {
  /** One run = forward, loss, backward, clipping and AdamW: outputs loss, grad_norm and every `.next`. */
  train: Uint8Array;
  /** Eval mode (no dropout, no update): outputs loss and the model output. */
  evaluate: Uint8Array;
  /** Trainable weights in order, with their initial values (taken from the model when the graphs were built). */
  weights: Array<{ name: string; dims: number[]; data: Float32Array }>;
  /** Batch inputs the model declared, with their dims (named dims such as `batch` are bound from the batch). */
  batchInputs: Array<{ name: string; dims: Dim[] }>;
  /** Dropout masks the engine feeds each training step: 0 or 1/(1 − rate), shaped by the named dims. */
  dropoutMasks: Array<{ name: string; dims: Dim[]; rate: number }>;
  /** Named dims the model fixed with `g.bindDim` (e.g. an image model's patch count as `sequence`). */
  fixedDims: Record<string, number>;
  /** Name of the model output in the eval graph. */
  output: string;
}

/**
 * Builds the two graphs an ONNX Runtime training engine runs, from the same module emitters that
 * export inference models, so training and inference can never drift apart.
 */
export function buildTrainingGraphs(model: OnnxTrainable, opset = 18): TrainingGraphs {
  const train = new OnnxGraphBuilder('fp32', true);
  const trainCtx: EmitContext = { g: train, precision: 'fp32', int8MinSize: 0, training: true };
  const { loss } = model.emitOnnxLoss(trainCtx);
  train.output(train.op('Identity', [loss], {}, 'loss'), 'float32', []);
  const declared = new Set([...train.trainable.map((w) => w.name), ...train.dropoutMasks.map((m) => m.name)]);
  const batchInputs = train.inputs.filter((i) => !declared.has(i.name!)).map((i) => ({ name: i.name!, dims: train.declaredDims.get(i.name!)! }));
  const grads = differentiate(new GraphView(train), loss, train.trainable.map((w) => w.name));
  emitAdamW(train, train.trainable, grads);

  const evaluate = new OnnxGraphBuilder('fp32', true);
  const evalOut = model.emitOnnxLoss({ g: evaluate, precision: 'fp32', int8MinSize: 0, training: false });
  evaluate.output(evaluate.op('Identity', [evalOut.loss], {}, 'loss'), 'float32', []);
  evaluate.output(evaluate.op('Identity', [evalOut.output], {}, 'output'), 'float32');

  return {
    train: train.toBytes(`${model.name}.train`, opset),
    evaluate: evaluate.toBytes(`${model.name}.eval`, opset),
    weights: train.trainable,
    batchInputs,
    dropoutMasks: train.dropoutMasks,
    fixedDims: Object.fromEntries(train.fixedDims),
    output: 'output',
  };
}
