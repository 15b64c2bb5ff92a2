import { describe, expect, it } from 'vitest';
import { normalizeText } from './normalize.js';
import { isAtomicWord, preTokenize } from './pre-tokenize.js';

const split = (text: string) => preTokenize(normalizeText(text, true));

describe('preTokenize', () => {
  it('splits English on whitespace and punctuation, one word per punctuation mark', () => {
    expect(split("Hello, World! isn't $5.00")).toEqual(['hello', ',', 'world', '!', 'isn', "'", 't', '$', '5', '.', '00']);
  });

  it('makes every Chinese character its own word, keeping Latin and digit runs together', () => {
    expect(split('中华女子学院：本科2D宽带')).toEqual(['中', '华', '女', '子', '学', '院', ':', '本', '科', '2d', '宽', '带']);
  });

  it('splits kana per character but keeps Hangul words whole', () => {
    expect(split('カタカナ ひらがな')).toEqual(['カ', 'タ', 'カ', 'ナ', 'ひ', 'ら', 'が', 'な']);
    expect(split('한국어 텍스트')).toEqual(['한국어', '텍스트']);
  });

  it('keeps emoji whole: modifiers, ZWJ sequences, flags', () => {
    expect(split('ok👍🏽 👨‍👩‍👧🇫🇷🇩🇪 ❤️')).toEqual(['ok', '👍🏽', '👨‍👩‍👧', '🇫🇷', '🇩🇪', '❤️']);
  });

  it('gives the same words on the ASCII fast path and the Unicode path', () => {
    const ascii = "Re: my card #12 (x2) isn't here_yet!~";
    // the trailing " é" forces the Unicode regex for the whole string
    expect(split(ascii)).toEqual(['re', ':', 'my', 'card', '#', '12', '(', 'x2', ')', 'isn', "'", 't', 'here', '_', 'yet', '!', '~']);
    expect(split(ascii + ' é')).toEqual([...split(ascii), 'é']);
  });

  it('returns nothing for empty or whitespace-only text', () => {
    expect(split('')).toEqual([]);
    expect(split(' \t\n\u3000')).toEqual([]);
  });

  it('treats CJK characters and emoji sequences as atomic words', () => {
    for (const word of ['中', '𠀀', 'カ', '👍🏽', '❤️', '🇫🇷']) expect(isAtomicWord(word)).toBe(true); // 𠀀: Extension B
    for (const word of ['a', 'card', '한국어', '1', '$']) expect(isAtomicWord(word)).toBe(false);
  });
});
