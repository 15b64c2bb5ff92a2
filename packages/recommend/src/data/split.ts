import type { ItemId, UserId, UserSequence } from './interactions.js';

/** One held-out next-item question: after `history`, the user chose `target`. */
export interface HeldOutCase {
  user: UserId;
  history: ItemId[];
  target: ItemId;
  /** Every item of this user in the whole log (sampled negatives are drawn outside it). */
  touched: ItemId[];
}

export interface LeaveOneOutSplit {
  /** Per-user training sequences (the last two items of evaluated users removed). */
  train: UserSequence[];
  /** Second-to-last item of each evaluated user, after the training sequence. */
  validation: HeldOutCase[];
  /** Last item of each evaluated user, after everything else (validation item included). */
  test: HeldOutCase[];
  /** Items held out of training (validation and test targets), still part of the catalogue. */
  heldOutItems: ItemId[];
  /** Users with fewer than 3 interactions: their whole sequence trains, they are not evaluated. */
  trainingOnlyUsers: number;
}

/**
 * Leave-one-out by time (Kang & McAuley 2018): test = each user's last item, validation = the one
 * before it, training = the rest. A user needs 3 interactions to be evaluated; users with 1 or 2 are
 * kept for training (they still shape the catalogue and popularity) and left out of evaluation.
 */
export function leaveOneOut(sequences: readonly UserSequence[]): LeaveOneOutSplit {
  const split: LeaveOneOutSplit = { train: [], validation: [], test: [], heldOutItems: [], trainingOnlyUsers: 0 };
  for (const { user, items } of sequences) {
    if (items.length < 3) {
      split.train.push({ user, items: [...items] });
      split.trainingOnlyUsers += 1;
      continue;
    }
    const n = items.length;
    split.train.push({ user, items: items.slice(0, n - 2) });
    split.validation.push({ user, history: items.slice(0, n - 2), target: items[n - 2]!, touched: items });
    split.test.push({ user, history: items.slice(0, n - 1), target: items[n - 1]!, touched: items });
    split.heldOutItems.push(items[n - 2]!, items[n - 1]!);
  }
  return split;
}
