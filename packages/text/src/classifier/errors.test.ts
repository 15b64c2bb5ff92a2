import { InputError } from '@attune/core';
import { describe, expect, it } from 'vitest';
import { intentData } from '../test-support/intents.js';
import { DEFAULT_TEXT_CONFIG, textClassifierPlugin as plugin, TextClassifier } from './index.js';

const config = { ...DEFAULT_TEXT_CONFIG, maxLength: 8 };
const data = intentData(60, 1);

describe('text-classifier input checks', () => {
  it('rejects an empty dataset, one class only, and examples without text or label', () => {
    expect(() => plugin.prepare([], config)).toThrow(InputError);
    expect(() => plugin.prepare([], config)).toThrow('training needs at least one example; got none');
    const one = data.map((e) => ({ ...e, label: 'card' }));
    expect(() => plugin.prepare(one, config)).toThrow('Training needs at least two labels; every example is labelled "card"');
    expect(() => plugin.prepare([...data, { text: '  ', label: 'card' }], config)).toThrow(`Example ${data.length} has no text`);
    expect(() => plugin.prepare([...data, { text: 'hi' } as never], config)).toThrow(`Example ${data.length} has no label (got undefined)`);
    expect(() => plugin.prepare([null as never], config)).toThrow('Example 0 is null');
  });

  it('rejects a label unseen in training, naming the known ones', () => {
    const state = plugin.prepare(data, config);
    expect(() => plugin.encode({ text: 'where is my card', label: 'loan' }, state, config)).toThrow(
      'Label "loan" was not seen in training; known labels: card, refund, transfer.',
    );
  });

  it('truncates long texts to maxLength with [CLS] first', () => {
    const state = plugin.prepare(data, config);
    const { ids } = plugin.encode({ text: 'where is my card please help with a card today', label: 'card' }, state, config);
    expect(ids).toHaveLength(8);
    expect(ids[0]).toBe(2); // [CLS]
    const feeds = plugin.encodeInputs(['card', 'where is my card please help with a card today'], state, config);
    expect(feeds['ids']!.dims).toEqual([2, 8]);
  });

  it('the facade rejects training without data, abstain learning without validation, and non-strings', async () => {
    const runtime = { backends: [], createTrainingEngine: async () => { throw new Error('unused'); }, ready: async () => {} } as never;
    await expect(TextClassifier.train([], { runtime, epochs: 1 })).rejects.toThrow('training needs at least one example');
    await expect(TextClassifier.train(data, { runtime, epochs: 1, abstain: { targetPrecision: 0.9 } })).rejects.toThrow(
      'abstain.targetPrecision needs validation examples',
    );
    const state = plugin.prepare(data, config);
    expect(() => plugin.encodeInputs([42 as never], state, config)).toThrow('Text 0 is number; expected a string.');
  });
});
