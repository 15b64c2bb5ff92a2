// The benches' seeded shuffle (the same LCG and Fisher-Yates as src/test-support/split.ts, so the
// bench and the CI quality test hold out the same validation texts).

/** 0..length-1 in an order fixed by `state` (the LCG's starting value). */
export function seededOrder(length, state) {
  let s = state;
  const rand = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const order = Array.from({ length }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}
