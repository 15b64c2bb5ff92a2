/**
 * How much of a text the classifier reads. The model sees at most `maxLength` pieces and
 * `maxNgrams` n-grams, each at least one character, so a text far longer than that is mostly
 * ignored — but tokenising and hashing all of it would still cost time proportional to its length
 * (a 1 MB text took about 0.25 s, blocking a server's event loop). Texts are therefore cut to
 * `CHARS_PER_UNIT` characters per piece or n-gram allowed before any of that work; a shorter text
 * is read whole and gives exactly the results it gave before the bound existed.
 */
export const CHARS_PER_UNIT = 32;

/** The characters read of each text: CHARS_PER_UNIT × the larger of maxLength and maxNgrams. */
export function readLimit(maxLength: number, maxNgrams: number): number {
  return CHARS_PER_UNIT * Math.max(maxLength, maxNgrams, 1);
}

/** The part of `text` that is read, and whether anything was left out. Never splits a surrogate pair. */
export function readablePart(text: string, limit: number): { text: string; cut: boolean } {
  if (text.length <= limit) return { text, cut: false };
  const last = text.charCodeAt(limit - 1);
  const end = last >= 0xd800 && last <= 0xdbff ? limit - 1 : limit;
  return { text: text.slice(0, end), cut: true };
}
