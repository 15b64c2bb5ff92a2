import type { Predictor } from '@attune/core';
import type { ImageInput, ImagePrediction } from './plugin.js';

export interface DigitPrediction {
  /** The most likely digit, 0–9. */
  digit: number;
  /** Its probability. */
  score: number;
  /** Probability of each digit, index = digit. */
  probabilities: number[];
}

/**
 * One drawn digit through a loaded predictor (`loadPredictor(visionPlugin, artifact, runtime)`):
 * `pixels` is 28×28 = 784 grey values in [0, 1], row-major, white ink on black like MNIST.
 */
export async function predictDigit(predictor: Predictor<ImageInput, ImagePrediction>, pixels: ArrayLike<number>): Promise<DigitPrediction> {
  const [p] = await predictor.predict([{ pixels }]);
  const probabilities = Array.from({ length: 10 }, (_, d) => p!.scores[String(d)] ?? 0);
  return { digit: Number(p!.label), score: p!.score, probabilities };
}
