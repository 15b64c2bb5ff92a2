import { InputError } from '@attune/core';

/** An item or user id as the product team has it (a SKU string, a numeric movie id...). */
export type ItemId = string | number;
export type UserId = string | number;

/** One implicit-feedback event: `user` interacted with `item` at `timestamp`. */
export interface Interaction {
  user: UserId;
  item: ItemId;
  /** Seconds or milliseconds since the epoch, a numeric string, or a Date: anything that orders events. */
  timestamp: number | string | Date;
  /** Optional explicit rating; used only with `minRating`. */
  rating?: number;
}

export interface SequenceOptions {
  /** Keep only interactions rated at least this (implicit feedback from ratings). Default: keep all. */
  minRating?: number;
}

/** One user's items in chronological order. */
export interface UserSequence {
  user: UserId;
  items: ItemId[];
}

/**
 * Groups a log into per-user chronological sequences. Order: timestamp, then item id (numbers
 * numerically, otherwise by string), then position in the log, so equal timestamps (MovieLens has
 * many: one rating session shares a second) always give the same sequence. Users come out in the
 * order of their first interaction in the log.
 */
export function buildSequences(log: readonly Interaction[], options: SequenceOptions = {}): UserSequence[] {
  if (!Array.isArray(log)) throw new InputError(`The interaction log must be an array of { user, item, timestamp }; got ${typeof log}.`);
  if (log.length === 0) throw new InputError('The interaction log is empty; pass at least one { user, item, timestamp } interaction.');
  const { minRating } = options;
  if (minRating !== undefined && !Number.isFinite(minRating)) throw new InputError(`minRating must be a finite number; got ${String(minRating)}.`);
  const byUser = new Map<string, { user: UserId; events: Array<{ t: number; item: ItemId; order: number }> }>();
  log.forEach((event, order) => {
    checkInteraction(event, order);
    if (minRating !== undefined) {
      if (typeof event.rating !== 'number' || !Number.isFinite(event.rating)) {
        throw new InputError(`Interaction ${order} has no numeric rating, but minRating is set; give every interaction a rating or drop minRating.`);
      }
      if (event.rating < minRating) return;
    }
    const key = keyOf(event.user);
    let entry = byUser.get(key);
    if (!entry) byUser.set(key, (entry = { user: event.user, events: [] }));
    entry.events.push({ t: timeOf(event.timestamp, order), item: event.item, order });
  });
  if (byUser.size === 0) throw new InputError(`No interaction has a rating of at least ${minRating}; lower minRating.`);
  return [...byUser.values()].map(({ user, events }) => {
    events.sort((a, b) => a.t - b.t || compareIds(a.item, b.item) || a.order - b.order);
    return { user, items: events.map((e) => e.item) };
  });
}

/** Numbers before strings; numbers numerically, strings by code point. */
export function compareIds(a: ItemId, b: ItemId): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What an id may be: a non-empty string or a finite number (null, NaN or an object would all stringify to some other id). */
export const isId = (v: unknown): v is ItemId => (typeof v === 'string' && v.length > 0) || (typeof v === 'number' && Number.isFinite(v));

/** Refuses a value that is not an item id, naming where it was (`history item 3`, `candidates[0]`). */
export function checkItemId(v: unknown, where: string): asserts v is ItemId {
  if (!isId(v)) throw new InputError(`${where} is ${typeof v === 'number' ? String(v) : (JSON.stringify(v) ?? String(v))}; item ids are non-empty strings or finite numbers.`);
}

/** Ids are matched by their string form, so 42 and "42" name the same item. */
export const keyOf = (id: ItemId | UserId): string => String(id);

function checkInteraction(event: Interaction, index: number): void {
  if (event === null || typeof event !== 'object') throw new InputError(`Interaction ${index} is ${String(event)}; expected { user, item, timestamp }.`);
  for (const field of ['user', 'item'] as const) {
    const v = event[field];
    if (!isId(v)) {
      throw new InputError(`Interaction ${index} has ${field} ${JSON.stringify(v)}; expected a non-empty string or a finite number.`);
    }
  }
}

function timeOf(value: Interaction['timestamp'], index: number): number {
  const t = value instanceof Date ? value.getTime() : typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof t !== 'number' || !Number.isFinite(t)) {
    throw new InputError(
      `Interaction ${index} has timestamp ${JSON.stringify(value)}, which is not a number; give seconds or milliseconds since the epoch (or a Date).`,
    );
  }
  return t;
}
