/** Modified Bessel function of the first kind, order 0, by its power series (converges fast for x < 50). */
export function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 200 && term > sum * 1e-17; k++) {
    term *= q / (k * k);
    sum += term;
  }
  return sum;
}

/** Kaiser window at x ∈ [-1, 1] (0 outside); beta trades main-lobe width for side-lobe level. */
export function kaiser(x: number, beta: number): number {
  if (Math.abs(x) > 1) return 0;
  return besselI0(beta * Math.sqrt(1 - x * x)) / besselI0(beta);
}
