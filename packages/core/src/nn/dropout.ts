import * as tf from '@tensorflow/tfjs-core';
import { deriveSeed, hashString } from '../util/random.js';
import { rate } from '../util/validate.js';
import { Module, type ForwardContext, type ModuleOptions } from './module.js';
import type { EmitContext } from '../onnx/emit.js';

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
   * ONNX: nothing at inference; in a training graph a Dropout node in training mode, seeded from this
   * module's name (ONNX Runtime's masks differ from tfjs', so engines agree only without dropout).
   */
  emitOnnx({ g, training }: EmitContext, x: string): string {
    if (!training || this.rate === 0) return x;
    return g.node('Dropout', [x, g.scalar(this.rate), g.constant('bool', [1], [])], { seed: this.nameHash % 1_000_000 }, [
      g.name(`${this.name}.out`),
      g.name(`${this.name}.mask`),
    ])[0]!;
  }
}
