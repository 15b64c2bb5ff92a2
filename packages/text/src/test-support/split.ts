/** A seeded shuffle, then `fraction` of the examples off the front as validation (bench/seeded-order.mjs is the same shuffle, so the bench holds out the same texts). */
export function holdOut<T>(all: readonly T[], fraction: number, seed: number): { train: T[]; validation: T[] } {
  let s = seed + 12345;
  const rand = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const order = all.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const n = Math.round(all.length * fraction);
  return { validation: order.slice(0, n).map((i) => all[i]!), train: order.slice(n).map((i) => all[i]!) };
}
