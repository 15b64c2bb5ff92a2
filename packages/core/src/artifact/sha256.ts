/**
 * SHA-256 through WebCrypto, which Node 18+, browsers and workers all provide as
 * `globalThis.crypto.subtle`: no hashing library to ship, no `node:crypto` in core.
 * The minimal type below stands in for the DOM/Node typings core does not load.
 */
interface SubtleDigest {
  digest(algorithm: 'SHA-256', data: Uint8Array): Promise<ArrayBuffer>;
}

/** Lower-case hex SHA-256 of `bytes`. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const subtle = (globalThis as { crypto?: { subtle?: SubtleDigest } }).crypto?.subtle;
  if (!subtle) {
    throw new Error('WebCrypto (globalThis.crypto.subtle) is unavailable; Attune needs Node 18+ or a secure (https) browser context.');
  }
  const digest = new Uint8Array(await subtle.digest('SHA-256', bytes));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
