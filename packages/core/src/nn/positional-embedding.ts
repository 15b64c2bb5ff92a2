import * as tf from '@tensorflow/tfjs-core';
import { InputError } from '../errors/input-error.js';
import { oneOf, positiveInt } from '../util/validate.js';
import { Module, type ModuleOptions } from './module.js';
import { normal } from './init.js';
import type { EmitContext } from '../onnx/emit.js';

export type PositionalKind = 'learned' | 'sinusoidal';

export interface PositionalEmbeddingConfig {
  /** Longest sequence the model accepts. */
  maxLength: number;
  /** Width of each position vector (d_model). */
  dim: number;
  /** `learned`: a trained [maxLength, dim] table (BERT, GPT). `sinusoidal`: fixed sin/cos (Vaswani et al.). Default `learned`. */
  kind?: PositionalKind;
}

/** Adds a position vector to every step of a sequence: x [B, T, D] -> [B, T, D]. */
export class PositionalEmbedding extends Module {
  readonly config: Required<PositionalEmbeddingConfig>;
  /** [maxLength, D]: trainable for `learned`, a constant for `sinusoidal`. */
  readonly table: tf.Tensor2D;

  constructor(config: PositionalEmbeddingConfig, options: ModuleOptions = {}) {
    super(options, 'positional_embedding');
    this.config = {
      maxLength: positiveInt(`${this.name}.maxLength`, config.maxLength),
      dim: positiveInt(`${this.name}.dim`, config.dim),
      kind: oneOf(`${this.name}.kind`, config.kind ?? 'learned', ['learned', 'sinusoidal'] as const),
    };
    const { maxLength, dim } = this.config;
    this.table =
      this.config.kind === 'learned'
        ? (this.addParameter('table', [maxLength, dim], normal(0.02)) as tf.Tensor as tf.Tensor2D)
        : tf.keep(tf.tensor2d(sinusoidalTable(maxLength, dim), [maxLength, dim]));
  }

  forward(x: tf.Tensor): tf.Tensor {
    const t = x.shape[1]!;
    if (t > this.config.maxLength) {
      throw new InputError(
        `Sequence length ${t} exceeds ${this.name}.maxLength ${this.config.maxLength}; truncate the input or build the model with a larger maxLength.`,
      );
    }
    return tf.add(x, tf.slice(this.table, [0, 0], [t, this.config.dim])); // [B, T, D] + [T, D]
  }

  /** ONNX: x + table[0:T] with T read from x's shape at run time (dynamic sequence axis). */
  emitOnnx({ g }: EmitContext, x: string): string {
    const table = g.weight(`${this.name}.table`, this.table.dataSync() as Float32Array, [this.config.maxLength, this.config.dim], {
      trainable: this.config.kind === 'learned',
    });
    const length = g.op('Shape', [x], { start: 1, end: 2 }); // [1] int64: T
    const rows = g.op('Slice', [table, g.constant('int64', [0]), length, g.constant('int64', [0])]); // [T, D]
    return g.op('Add', [x, rows]);
  }

  override dispose(): void {
    super.dispose();
    if (this.config.kind === 'sinusoidal') this.table.dispose();
  }
}

/** PE[pos, 2i] = sin(pos / 10000^(2i/D)), PE[pos, 2i+1] = cos(pos / 10000^(2i/D)); computed in float64. */
export function sinusoidalTable(maxLength: number, dim: number): Float32Array {
  const out = new Float32Array(maxLength * dim);
  for (let pos = 0; pos < maxLength; pos++) {
    for (let i = 0; i < dim; i++) {
      const pair = i - (i % 2);
      const angle = pos / Math.pow(10000, pair / dim);
      out[pos * dim + i] = i % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return out;
}
