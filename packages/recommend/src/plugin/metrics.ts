import { hitRateAtK, meanReciprocalRank, ndcgAtK, rankOf, type EvalResult } from '@attune/core';
import type { EncodedSequence } from './types.js';

/**
 * Validation metrics during training: the last item of each sequence ranked by the eval output
 * (scores after the item before it) against every catalogue item outside the rest of the sequence.
 */
export function sequenceMetrics(outputs: EvalResult[], examples: readonly EncodedSequence[], k: number): Record<string, number> {
  const ranks: number[] = [];
  let e = 0;
  for (const out of outputs) {
    const [rows, width] = out.outputShape as [number, number];
    for (let r = 0; r < rows; r++, e++) {
      const items = examples[e]!.items;
      if (items.length < 2) continue;
      const exclude = new Uint8Array(width);
      exclude[0] = 1;
      for (let j = 0; j < items.length - 1; j++) exclude[items[j]!] = 1;
      ranks.push(rankOf(out.output.subarray(r * width, (r + 1) * width), items[items.length - 1]!, exclude as unknown as ArrayLike<boolean>));
    }
  }
  if (ranks.length === 0) return {};
  return { [`hr@${k}`]: hitRateAtK(ranks, k), [`ndcg@${k}`]: ndcgAtK(ranks, k), [`mrr@${k}`]: meanReciprocalRank(ranks, k) };
}
