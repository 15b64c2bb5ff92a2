/**
 * `perLabel` examples of every label, for a tab's "pick a sample" row: labels in natural order
 * (`2` before `10`), each label's picks evenly spaced through its examples, interleaved
 * (0, 1, …, 9, 0, 1, …, 9) so the first row a newcomer sees already shows every class.
 * Deterministic: the same examples always give the same samples. A label with fewer examples
 * than `perLabel` gives all it has.
 */
export function spreadSamples<T extends { label: string }>(examples: readonly T[], perLabel: number): T[] {
  if (!Number.isInteger(perLabel) || perLabel < 1) throw new RangeError(`perLabel must be a positive integer; got ${perLabel}`);
  const byLabel = new Map<string, T[]>();
  for (const e of examples) {
    const list = byLabel.get(e.label);
    if (list) list.push(e);
    else byLabel.set(e.label, [e]);
  }
  const labels = [...byLabel.keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const picks = labels.map((label) => {
    const list = byLabel.get(label)!;
    const count = Math.min(perLabel, list.length);
    // the middle of each of `count` equal stretches: neither end of the list is favoured
    return Array.from({ length: count }, (_, k) => list[Math.floor(((k + 0.5) * list.length) / count)]!);
  });
  const out: T[] = [];
  for (let round = 0; round < perLabel; round++) for (const p of picks) if (round < p.length) out.push(p[round]!);
  return out;
}
