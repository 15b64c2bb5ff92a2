import type { SequenceExample } from '../plugin/types.js';
import type { ItemId } from './interactions.js';

/**
 * A user's whole history as training examples. The model reads at most `maxLength` items, so a
 * history longer than `maxLength + 1` would otherwise train on its newest stretch only (on MovieLens
 * latest-small that leaves 41% of the interactions unused). The newest stretch stays the user's own
 * example (the full history, which the collate cuts to its last `maxLength + 1` items, and which
 * counts every item once in the popularity table); each earlier stretch of up to `maxLength + 1`
 * items becomes one more example, overlapping the next by one item so that every interaction is
 * predicted exactly once. The earlier stretches are marked `countedElsewhere`.
 */
export function historyWindows(items: readonly ItemId[], maxLength: number): SequenceExample[] {
  const out: SequenceExample[] = [{ items }];
  let start = items.length - (maxLength + 1); // first item of the newest stretch (its context only)
  while (start > 0) {
    const end = start + 1; // the previous stretch's first item is this one's last target
    start = Math.max(0, end - (maxLength + 1));
    out.push({ items: items.slice(start, end), countedElsewhere: true });
  }
  return out;
}
