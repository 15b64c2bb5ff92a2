/** One named array of a batch, engine-agnostic (plain typed arrays, so any engine can consume it). */
export interface BatchTensor {
  data: Int32Array | Float32Array;
  shape: number[];
}

/** Inputs and targets of one step, by name (e.g. `ids`, `labels`). Names match the model's and ONNX graph's inputs. */
export type Batch = Record<string, BatchTensor>;

/** A weight or optimiser slot read out of an engine. */
export interface NamedArray {
  name: string;
  shape: number[];
  data: Float32Array;
}

/** Everything an engine needs to continue training exactly where it stopped. */
export interface TrainingState {
  /** Optimiser steps taken (AdamW's bias correction depends on it). */
  step: number;
  weights: NamedArray[];
  /** AdamW first and second moments, one per weight, same order and names as `weights`. */
  firstMoments: NamedArray[];
  secondMoments: NamedArray[];
}

/** Hyper-parameters of one optimiser step, chosen by `fit()` (the schedule lives there, not in engines). */
export interface StepParams {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** Decoupled weight decay (AdamW), applied to matrices and embedding tables, not to biases or norms. */
  weightDecay: number;
  /** Clip the global gradient norm to this value; 0 disables clipping. */
  clipNorm: number;
  /** Seed of this step's dropout masks. */
  seed: number;
}

export interface StepResult {
  loss: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  /** False when the loss or gradients were not finite: the weights were left untouched. */
  applied: boolean;
}

export interface EvalResult {
  /** Mean loss over the batch. */
  loss: number;
  /** The model's eval-mode output (e.g. logits [B, C]). */
  output: Float32Array;
  outputShape: number[];
}
