// Small synthetic interaction logs made in the tests (no files).
import type { Interaction } from '../data/interactions.js';

/**
 * Users walk a cycle of `items` catalogue items: each starts at a random item and steps +1 (mod the
 * cycle) each time, so the next item is fully determined by the last one. A model that learns the
 * pattern ranks `last + 1` first; popularity cannot (every item is about equally popular).
 */
export function cycleLog(users: number, items: number, length: number, seed = 1): Interaction[] {
  let s = seed >>> 0;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const log: Interaction[] = [];
  for (let u = 0; u < users; u++) {
    const start = Math.floor(rand() * items);
    const n = length + Math.floor(rand() * 3);
    for (let j = 0; j < n; j++) log.push({ user: `u${u}`, item: `i${(start + j) % items}`, timestamp: 1000 + j * 60 });
  }
  return log;
}
