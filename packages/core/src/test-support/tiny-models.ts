// Small models for training-loop tests.
import * as tf from '@tensorflow/tfjs-core';
import { SequenceClassifier } from '../models/sequence-classifier.js';
import type { ForwardContext } from '../nn/module.js';
import type { TfjsTrainable } from '../train/tfjs-engine.js';
import type { Batch, NamedArray } from '../train/types.js';

export function tinyClassifier(seed = 1): SequenceClassifier {
  return new SequenceClassifier(
    { vocabSize: 12, maxLength: 16, numClasses: 2, dModel: 16, numHeads: 2, numLayers: 1, dropout: 0.1 },
    { seed },
  );
}

/** y = x·w, squared error: enough to test the loop's guards without a Transformer in the way. */
export class LinearRegression implements TfjsTrainable {
  readonly w = tf.variable(tf.tensor2d([[0.5], [-0.25]]));
  namedParameters(): Array<[string, tf.Variable]> {
    return [['w', this.w]];
  }
  loss(inputs: Record<string, tf.Tensor>, _ctx: ForwardContext): tf.Scalar {
    return tf.tidy(() => tf.mean(tf.square(tf.sub(tf.matMul(inputs['x'] as tf.Tensor2D, this.w), inputs['y']!))) as tf.Scalar);
  }
  predict(inputs: Record<string, tf.Tensor>): tf.Tensor {
    return tf.matMul(inputs['x'] as tf.Tensor2D, this.w);
  }
}

export type Point = { x: [number, number]; y: number };
export const collatePoints = (points: Point[]): Batch => ({
  x: { data: Float32Array.from(points.flatMap((p) => p.x)), shape: [points.length, 2] },
  y: { data: Float32Array.from(points.map((p) => p.y)), shape: [points.length, 1] },
});

export function sameWeights(a: NamedArray[], b: NamedArray[]): boolean {
  return a.length === b.length && a.every((w, i) => w.name === b[i]!.name && w.data.every((v, j) => Object.is(v, b[i]!.data[j])));
}
