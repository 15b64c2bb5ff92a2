/**
 * Orthonormal DCT-II as a `[nOut][nIn]` matrix (scipy `dct(type=2, norm='ortho')`, first nOut
 * rows): row 0 scaled by sqrt(1/nIn), the others by sqrt(2/nIn), so the full matrix is orthogonal.
 */
export function dctMatrix(nOut: number, nIn: number): Float64Array[] {
  return Array.from({ length: nOut }, (_, k) => {
    const scale = Math.sqrt((k === 0 ? 1 : 2) / nIn);
    const row = new Float64Array(nIn);
    for (let n = 0; n < nIn; n++) row[n] = scale * Math.cos((Math.PI * k * (2 * n + 1)) / (2 * nIn));
    return row;
  });
}
