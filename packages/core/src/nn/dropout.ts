import * as tf from '@tensorflow/tfjs-core';
import { deriveSeed, hashString } from '../util/random.js';
import { rate } from '../util/validate.js';
import { Module, type ForwardContext, type ModuleOptions } from './module.js';
import type { EmitContext } from '../onnx/emit.js';
import type { Dim } from '../onnx/graph-builder.js';

/**
 * Inverted dropout, active only in training. Its mask is seeded from the step's seed and this
 * module's name, so a step can be replayed exactly (determinism, resume).
 */
export class Dropout extends Module {
  readonly rate: number;
  private readonly nameHash: number;

  constructor(dropoutRate: number, options: ModuleOptions = {}) {
    super(options, 'dropout');
    this.rate = rate(`${this.name}.rate`, dropoutRate);
    this.nameHash = hashString(this.name);
  }

  /** x: any shape -> same shape */
  forward(x: tf.Tensor, ctx: ForwardContext = {}): tf.Tensor {
    if (!ctx.training || this.rate === 0) return x;
    return tf.dropout(x, this.rate, undefined, deriveSeed(ctx.seed ?? 0, this.nameHash));
  }

  /**
   * ONNX: nothing at inference. In a training graph, x·mask where the mask [`dims`] is a graph input
   * the engine fills each step (0 or 1/(1 − rate)) from the step's seed: ONNX Runtime's own Dropout
   * kernel took ~20 ms of a ~90 ms reference step, and fed masks make steps replayable for resume.
   */
  emitOnnx({ g, training }: EmitContext, x: string, dims: Dim[]): string {
    if (!training || this.rate === 0) return x;
    const mask = g.input(g.name(`${this.name}.mask`), 'float32', dims);
    g.dropoutMasks.push({ name: mask, dims, rate: this.rate });
    return g.op('Mul', [x, mask]);
  }
}
