import { InputError, type TensorData } from '@attune/core';
import { checkItemId, keyOf } from '../data/interactions.js';
import { encodeHistory, indexOf } from './catalogue.js';
import type { RecommendInput, RecommenderConfig, RecommenderState } from './types.js';

export interface EncodedRequests {
  feeds: Record<string, TensorData>;
  /** Per input: requested k, unknown history ids, whether the history was empty after dropping unknown ids. */
  rows: Array<{ k: number; unknown: number; empty: boolean }>;
}

/**
 * Feeds of the exported graph for a batch of requests: histories (newest maxLength known items,
 * left-padded to maxLength), the allowed-items mask (candidates, minus exclusions, never the padding index) and
 * one k for the batch (the largest asked; decode trims each row to its own).
 */
export function encodeRequests(inputs: readonly RecommendInput[], state: RecommenderState, config: RecommenderConfig): EncodedRequests {
  const width = state.items.length + 1;
  const index = indexOf(state);
  const histories = inputs.map((input, i) => {
    if (!input || typeof input !== 'object') throw new InputError(`Request ${i} is ${String(input)}; expected { history: [...] }.`);
    return encodeHistory(input.history, state);
  });
  // Always maxLength wide, as in training: positions are absolute in the left-padded window, so the
  // newest item keeps the position it had in training whatever the batch holds.
  const t = config.maxLength;
  const ids = new Int32Array(inputs.length * t);
  const allowed = new Float32Array(inputs.length * width);
  const rows = inputs.map((input, r) => {
    const k = input.k ?? 10;
    if (!Number.isInteger(k) || k < 1) throw new InputError(`k must be a positive integer; got ${String(k)}.`);
    const recent = histories[r]!.ids.slice(-t);
    ids.set(recent, r * t + (t - recent.length));
    const row = allowed.subarray(r * width, (r + 1) * width);
    if (input.candidates !== undefined) {
      if (!Array.isArray(input.candidates)) throw new InputError(`candidates must be an array of item ids; got ${typeof input.candidates}.`);
      for (const [n, id] of input.candidates.entries()) {
        checkItemId(id, `candidates[${n}]`);
        const i = index.get(keyOf(id));
        if (i !== undefined) row[i] = 1;
      }
    } else row.fill(1);
    row[0] = 0; // padding is never an item
    const exclude = input.exclude ?? true;
    if (exclude !== false) {
      for (const i of histories[r]!.ids) row[i] = 0;
      if (Array.isArray(exclude)) {
        for (const [n, id] of exclude.entries()) {
          checkItemId(id, `exclude[${n}]`);
          const i = index.get(keyOf(id));
          if (i !== undefined) row[i] = 0;
        }
      } else if (exclude !== true) throw new InputError(`exclude must be true, false or an array of item ids; got ${typeof exclude}.`);
    }
    return { k, unknown: histories[r]!.unknown, empty: histories[r]!.ids.length === 0 };
  });
  const k = Math.min(width, Math.max(1, ...rows.map((r) => r.k)));
  return {
    feeds: {
      ids: { type: 'int32', data: ids, dims: [inputs.length, t] },
      allowed: { type: 'float32', data: allowed, dims: [inputs.length, width] },
      k: { type: 'int64', data: BigInt64Array.of(BigInt(k)), dims: [1] },
    },
    rows,
  };
}
