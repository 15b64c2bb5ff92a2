import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { corpus } from '../test-support/corpus.js';
import { Tokenizer } from './tokenizer.js';
import { trainTokenizer } from './trainer.js';

const tokenizer = trainTokenizer(corpus, { vocabSize: 400 });
const reloaded = Tokenizer.fromJSON(JSON.parse(JSON.stringify(tokenizer.toJSON())));

// Strings built to hit the hard cases: lone surrogates, controls, format characters, emoji parts, CJK,
// combining marks, full-width forms, private use, unassigned code points, and all of them mixed.
const hardUnits = fc.constantFrom(
  '\uD800', '\uDFFF', '\uDBFF\uDBFF', '\u0000', '\u0007', '\u001B', '\u007F', '\u0085', '\u200D', '\uFEFF',
  '\u00AD', '\u202E', '\uFE0F', '\u{1F3FD}', '\u{1F1EB}', '😀', '👨‍👩‍👧', '中', '𠀀', 'カ', '한', '\u0301', 'Ａ', '１',
  '\uE000', '\u{10FFFF}', '\u0378', '\uFFFD', ' ', '\t', '\n', 'a', 'Z', '9', '.', '$', '##', '[CLS]',
);
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.string({ unit: hardUnits, maxLength: 200 }),
  fc.string({ unit: 'binary-ascii', maxLength: 300 }),
);
const RUNS = 500;

function checkEncoding(text: string, maxLength: number, padding: 'max' | 'none') {
  const e = tokenizer.encode(text, { maxLength, padding });
  if (padding === 'max') expect(e.ids).toHaveLength(maxLength);
  else expect(e.ids.length).toBeLessThanOrEqual(maxLength);
  expect(e.attentionMask).toHaveLength(e.ids.length);
  expect(e.tokens).toHaveLength(e.ids.length);
  for (const id of e.ids) expect(Number.isInteger(id) && id >= 0 && id < tokenizer.vocabSize).toBe(true);
  const pieces = tokenizer.tokenizeToIds(text).length;
  expect(e.truncated).toBe(pieces > maxLength - 2);
  expect(e.attentionMask.reduce((a, b) => a + b, 0)).toBe(Math.min(pieces, maxLength - 2) + 2);
}

describe('tokenizer properties (fast-check)', () => {
  it(`never throws, keeps ids in the vocabulary and respects maxLength (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(anyText, fc.integer({ min: 2, max: 64 }), fc.constantFrom('max' as const, 'none' as const), checkEncoding),
      { numRuns: RUNS },
    );
  });

  it(`is deterministic and a JSON round trip gives identical ids (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const first = tokenizer.encode(text);
        expect(tokenizer.encode(text)).toEqual(first);
        expect(reloaded.encode(text)).toEqual(first);
        expect(() => tokenizer.decode(first.ids)).not.toThrow();
      }),
      { numRuns: RUNS },
    );
  });

  it('handles very long strings (1 MB of mixed text, 200 kB without a space) within maxLength', () => {
    const long = ['card payment 中华 😀 \uD800\u0000 ', 'x'.repeat(200_000)];
    for (const text of [long[0]!.repeat(40_000), long[1]!]) {
      const e = tokenizer.encode(text, { maxLength: 128 });
      expect(e.ids).toHaveLength(128);
      expect(e.truncated).toBe(true);
    }
    fc.assert(
      fc.property(fc.string({ unit: hardUnits, minLength: 5_000, maxLength: 20_000 }), (text) => checkEncoding(text, 512, 'max')),
      { numRuns: 20 },
    );
  });

  it('trains on arbitrary texts without throwing, deterministically, whatever their order (100 runs)', () => {
    fc.assert(
      fc.property(fc.array(anyText, { maxLength: 20 }), fc.integer({ min: 5, max: 200 }), (texts, vocabSize) => {
        const trained = trainTokenizer(texts, { vocabSize, minFrequency: 1 });
        expect(trained.vocabSize).toBeLessThanOrEqual(vocabSize);
        const state = trained.toJSON();
        expect(trainTokenizer([...texts].reverse(), { vocabSize, minFrequency: 1 }).toJSON()).toEqual(state);
        const again = Tokenizer.fromJSON(JSON.parse(JSON.stringify(state)));
        for (const text of texts) expect(again.encode(text).ids).toEqual(trained.encode(text).ids);
      }),
      { numRuns: 100 },
    );
  });
});
