// How much of a text the classifier reads: a bound derived from maxLength and maxNgrams, so a huge
// text costs no more than one at the bound, while shorter texts give exactly the results they did.
import { describe, expect, it } from 'vitest';
import { intentData } from '../test-support/intents.js';
import { DEFAULT_TEXT_CONFIG, textClassifierPlugin as plugin } from './index.js';
import { readablePart, readLimit } from './read-bound.js';
import { tokenizerOf } from './plugin.js';

const config = { ...DEFAULT_TEXT_CONFIG, maxLength: 8, maxNgrams: 64 };
const data = intentData(120, 3);
const state = plugin.prepare(data, config);
const limit = readLimit(config.maxLength, config.maxNgrams);
const logits = (n: number) => ({ logits: { type: 'float32' as const, data: new Float32Array(n * state.labels.length), dims: [n, state.labels.length] } });

describe('text classifier read bound', () => {
  it('is 32 characters per piece or n-gram allowed', () => {
    expect(limit).toBe(32 * 64);
    expect(readLimit(64, 256)).toBe(8192);
  });

  it('texts under the bound encode exactly as the tokenizer and n-grams alone would', () => {
    const atBound = `${' '.repeat(limit - 4)}card`;
    const texts = [...data.slice(0, 20).map((e) => e.text), 'where is my card please help with a card today', 'x'.repeat(limit), atBound];
    const feeds = plugin.encodeInputs(texts, state, config);
    const rows = tokenizerOf(state).encodeBatch(texts, { maxLength: state.maxLength, padding: 'longest' });
    expect(Array.from(feeds['ids']!.data as Int32Array)).toEqual(rows.flatMap((r) => r.ids));
    for (const text of texts) expect(plugin.encodeInputs([text], state, config)['ngrams']).toEqual(plugin.encodeInputs([readablePart(text, limit).text], state, config)['ngrams']);
    expect(plugin.decode(logits(2), ['where is my card', atBound], state, config).map((p) => p.truncated)).toEqual([false, false]);
  });

  it('what lies past the bound is not read: not tokenised, not hashed into n-grams, and the prediction says truncated', () => {
    const head = 'where is my card';
    const tail = ' refund money back reimbursement transfer wire'.repeat(4);
    const long = head + ' '.repeat(limit) + tail; // before the bound existed, the tail's n-grams were read
    expect(plugin.encodeInputs([long], state, config)).toEqual(plugin.encodeInputs([head], state, config));
    expect(plugin.encode({ text: long, label: 'card' }, state, config)).toEqual(plugin.encode({ text: head, label: 'card' }, state, config));
    expect(plugin.decode(logits(2), [long, head], state, config).map((p) => p.truncated)).toEqual([true, false]);
  });

  it('a 1 MB text encodes as its first `limit` characters', () => {
    const huge = 'please send money to my friend '.repeat(34_000);
    expect(huge.length).toBeGreaterThan(1_000_000);
    expect(plugin.encodeInputs([huge], state, config)).toEqual(plugin.encodeInputs([huge.slice(0, limit)], state, config));
  });

  it('never cuts a surrogate pair in half', () => {
    const text = `${'a'.repeat(limit - 1)}😀tail`;
    expect(readablePart(text, limit)).toEqual({ text: 'a'.repeat(limit - 1), cut: true });
    expect(readablePart('short', limit)).toEqual({ text: 'short', cut: false });
  });
});
