import { InputError, Rng, type Batch, type CollateContext } from '@attune/core';

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
  /** Training batches only: each n-gram is left out with this probability (at least one stays). */
  ngramDropout: number;
}

/**
 * Pads a batch: `ids` int32 [B, T] and `ngrams` int32 [B, N] with 0 (N at least 1, so a batch of texts
 * without n-grams still has a valid shape), and `labels` int32 [B] or, multi-label, float32 [B, C] of 0/1.
 */
export function collateText(examples: readonly TextEncoded[], o: CollateOptions, context?: CollateContext): Batch {
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
    const rows = context?.training && o.ngramDropout > 0 ? dropNgrams(examples, o.ngramDropout, context.seed) : examples.map((e) => e.ngrams);
    const n = Math.max(1, ...rows.map((r) => r.length));
    const ngrams = new Int32Array(b * n);
    rows.forEach((r, i) => ngrams.set(r, i * n));
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

/**
 * N-gram dropout (the "word dropout" of deep averaging networks): each training step sees a random
 * subset of each text's n-grams, so the bag cannot lean on a few rare n-grams that identify
 * training texts. The mean over a random subset keeps its expectation, so inference uses them all.
 */
function dropNgrams(examples: readonly TextEncoded[], rate: number, seed: number): Int32Array[] {
  const rng = new Rng(seed ^ 0x6e6772);
  return examples.map(({ ngrams }) => {
    if (ngrams.length <= 1) return ngrams;
    const kept = ngrams.filter(() => rng.next() >= rate);
    return kept.length > 0 ? kept : Int32Array.of(ngrams[rng.int(ngrams.length)]!);
  });
}
