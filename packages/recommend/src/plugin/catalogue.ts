import { InputError } from '@attune/core';
import { checkItemId, compareIds, keyOf, type ItemId } from '../data/interactions.js';
import type { RecommenderState } from './types.js';

// The plugin API hands over plain-JSON state; building the id → index map once per state object
// keeps each recommend call at the cost of its history.
const indexes = new WeakMap<RecommenderState, Map<string, number>>();

/** Model index of each item key (1-based; 0 is padding). */
export function indexOf(state: RecommenderState): Map<string, number> {
  let map = indexes.get(state);
  if (!map) {
    map = new Map(state.items.map((id, i) => [keyOf(id), i + 1]));
    indexes.set(state, map);
  }
  return map;
}

/** Catalogue items sorted by id, so the same log always gives the same indices. */
export function catalogueOf(ids: Iterable<ItemId>): ItemId[] {
  const byKey = new Map<string, ItemId>();
  for (const id of ids) if (!byKey.has(keyOf(id))) byKey.set(keyOf(id), id);
  return [...byKey.values()].sort(compareIds);
}

/** Known history items as indices (oldest first), and how many ids were unknown. */
export function encodeHistory(history: readonly ItemId[], state: RecommenderState): { ids: number[]; unknown: number } {
  if (!Array.isArray(history)) throw new InputError(`A history must be an array of item ids; got ${typeof history}.`);
  const index = indexOf(state);
  const ids: number[] = [];
  let unknown = 0;
  for (const [n, id] of history.entries()) {
    checkItemId(id, `History item ${n}`);
    const i = index.get(keyOf(id));
    if (i === undefined) unknown += 1;
    else ids.push(i);
  }
  return { ids, unknown };
}

/** Checks a state read from an artifact. */
export function checkState(raw: unknown): RecommenderState {
  const s = raw as RecommenderState;
  if (!s || !Array.isArray(s.items) || s.items.length === 0) throw new InputError('state.items must be a non-empty array of item ids.');
  if (!Array.isArray(s.popularity) || s.popularity.length !== s.items.length) {
    throw new InputError(`state.popularity must hold one count per item (${s.items.length}).`);
  }
  if (!s.items.every((id) => typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)))) {
    throw new InputError('state.items must hold strings or finite numbers only.');
  }
  if (new Set(s.items.map(keyOf)).size !== s.items.length) throw new InputError('state.items holds duplicate ids.');
  if (!s.popularity.every((c) => typeof c === 'number' && c >= 0)) throw new InputError('state.popularity must hold counts >= 0.');
  return s;
}
