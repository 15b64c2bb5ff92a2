import { InputError, type Batch } from '@attune/core';

/** One example in model terms: WordPiece ids, hashed n-gram ids, and the label index (or indices). */
export interface TextEncoded {
  ids: ArrayLike<number>;
  ngrams: Int32Array;
  /** Multi-class: the label's index. Multi-label: the first label's index, or −1 for none (unused). */
  label: number;
  /** Multi-label: the index of every label that applies. */
  labels?: number[];
}

export interface CollateOptions {
  vocabSize: number;
  maxLength: number;
  numClasses: number;
  ngrams: boolean;
  multiLabel: boolean;
}

/**
 * Pads a batch: `ids` int32 [B, T] and `ngrams` int32 [B, N] with 0 (N at least 1, so a batch of texts
 * without n-grams still has a valid shape), and `labels` int32 [B] or, multi-label, float32 [B, C] of 0/1.
 */
export function collateText(examples: readonly TextEncoded[], o: CollateOptions): Batch {
  const b = examples.length;
  const t = Math.max(1, ...examples.map((e) => e.ids.length));
  if (t > o.maxLength) throw new InputError(`An example has ${t} tokens but maxLength is ${o.maxLength}.`);
  const ids = new Int32Array(b * t);
  examples.forEach((e, i) => {
    for (let j = 0; j < e.ids.length; j++) {
      const id = e.ids[j]!;
      if (!(Number.isInteger(id) && id >= 0 && id < o.vocabSize)) throw new InputError(`Example ${i} has token id ${id}; ids lie in [0, ${o.vocabSize}).`);
      ids[i * t + j] = id;
    }
  });
  const batch: Batch = { ids: { data: ids, shape: [b, t] } };
  if (o.ngrams) {
    const n = Math.max(1, ...examples.map((e) => e.ngrams.length));
    const ngrams = new Int32Array(b * n);
    examples.forEach((e, i) => ngrams.set(e.ngrams, i * n));
    batch['ngrams'] = { data: ngrams, shape: [b, n] };
  }
  if (o.multiLabel) {
    const targets = new Float32Array(b * o.numClasses);
    examples.forEach((e, i) => e.labels?.forEach((k) => (targets[i * o.numClasses + k] = 1)));
    batch['labels'] = { data: targets, shape: [b, o.numClasses] };
  } else {
    batch['labels'] = { data: Int32Array.from(examples, (e) => e.label), shape: [b] };
  }
  return batch;
}
