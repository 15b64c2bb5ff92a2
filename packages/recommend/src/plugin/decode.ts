import type { TensorData } from '@attune/core';
import type { EncodedRequests } from './encode-inputs.js';
import type { Recommendation, RecommenderState } from './types.js';

/** Recommendations from the graph's top-k outputs: disallowed items (score −∞) dropped, each row cut to its k. */
export function decodeRecommendations(outputs: Record<string, TensorData>, requests: EncodedRequests, state: RecommenderState): Recommendation[] {
  const scores = outputs['top_scores']!;
  const items = outputs['top_items']!.data as BigInt64Array;
  const width = scores.dims[1]!;
  return requests.rows.map((row, r) => {
    const out: Recommendation['items'] = [];
    for (let j = 0; j < Math.min(row.k, width); j++) {
      const score = (scores.data as Float32Array)[r * width + j]!;
      if (score === -Infinity) break;
      out.push({ item: state.items[Number(items[r * width + j]!) - 1]!, score });
    }
    return { items: out, unknownItems: row.unknown, popularityFallback: row.empty };
  });
}
