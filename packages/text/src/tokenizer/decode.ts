/**
 * Best-effort detokenisation: glue `##` pieces to their word, put no space between CJK characters or
 * before closing punctuation, one space elsewhere. Normalisation (NFKC, lower-casing) and dropped
 * characters are not undone, so `decode(encode(s))` equals `s` only for simple normalised text.
 */
const TIGHT = /^[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\u3000-\u303F\uFF00-\uFFEF]$/u;
const NO_SPACE_BEFORE = /^[.,!?;:%)\]}'"\u2019\u201D…]$/u;
const NO_SPACE_AFTER = /^[([{$£€#@'"\u2018\u201C]$/u;

export function joinTokens(tokens: readonly string[]): string {
  let out = '';
  let prev = '';
  for (const token of tokens) {
    if (token.startsWith('##') && prev !== '') {
      out += token.slice(2);
    } else if (prev === '' || NO_SPACE_BEFORE.test(token) || NO_SPACE_AFTER.test(prev) || (TIGHT.test(prev) && TIGHT.test(token))) {
      out += token.startsWith('##') ? token.slice(2) : token;
    } else {
      out += ' ' + token;
    }
    prev = token;
  }
  return out;
}
