/**
 * Text normalisation, applied identically at training and at encoding time (the trained vocabulary is
 * only meaningful for text normalised the same way).
 *
 * Order matters:
 * 1. Lone surrogates become U+FFFD. User text can come from sliced strings or broken decoders, and
 *    `normalize()` / regexes must never see half a code point (a pre-tokeniser could otherwise glue it
 *    to a neighbour and build a malformed token).
 * 2. Control and format characters are dropped (C0/C1 controls, BOM, soft hyphen, bidi marks), except
 *    whitespace controls, which later split words, and U+200D ZERO WIDTH JOINER, which holds emoji
 *    sequences such as 👨‍👩‍👧 together. Dropping (not replacing with a space) keeps "co\u00ADoperate" one word,
 *    as BERT's cleaner does.
 * 3. NFKC: full-width letters and digits fold to ASCII (Ａ→A, １→1), full-width punctuation to ASCII
 *    (，→,), ligatures split (ﬁ→fi), circled digits unwrap (①→1). Chinese text mixes full- and
 *    half-width forms freely, so without this the same word would get two sets of ids.
 * 4. Optional lower-casing, after NFKC because NFKC can produce upper-case letters (Ａ→A).
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const DROPPED = /(?![\t\n\v\f\r\u0085\u200D])[\p{Cc}\p{Cf}]/gu;
// Fast path: printable ASCII plus tab/newline is already NFKC, well formed and control-free.
const PLAIN_ASCII = /^[\t\n\r\x20-\x7E]*$/;

export function normalizeText(text: string, lowercase: boolean): string {
  let s = text;
  if (!PLAIN_ASCII.test(s)) {
    s = s.replace(LONE_SURROGATE, '\uFFFD').replace(DROPPED, '').normalize('NFKC');
  }
  return lowercase ? s.toLowerCase() : s;
}
