/** A model's output held NaN or infinity: damaged weights or a plugin bug, never passed on silently. */
export class NonFiniteOutputError extends Error {
  constructor(index: number, where: string) {
    super(`The model produced a non-finite number (NaN or infinity) at ${where} for input ${index}; its weights may be damaged. Retrain or re-export it.`);
    this.name = 'NonFiniteOutputError';
  }
}

/** Throws NonFiniteOutputError when any number in any prediction (walked to a bounded depth) is not finite. */
export function checkFinitePredictions(predictions: readonly unknown[]): void {
  predictions.forEach((p, i) => {
    const where = firstNonFinite(p, '$', 0);
    if (where) throw new NonFiniteOutputError(i, where);
  });
}

function firstNonFinite(value: unknown, at: string, depth: number): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : at;
  if (depth > 8 || typeof value !== 'object' || value === null) return undefined;
  if (ArrayBuffer.isView(value)) {
    const array = value as unknown as ArrayLike<number>;
    for (let i = 0; i < array.length; i++) if (typeof array[i] === 'number' && !Number.isFinite(array[i])) return `${at}[${i}]`;
    return undefined;
  }
  for (const [k, v] of Object.entries(value)) {
    const found = firstNonFinite(v, Array.isArray(value) ? `${at}[${k}]` : `${at}.${k}`, depth + 1);
    if (found) return found;
  }
  return undefined;
}
