import { ConfigError, InputError } from '@attune/core';
import { createNodeRuntime } from '@attune/node';
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

  it('the facade refuses a missing runtime and a bad abstain rule before training, and a bad batchSize as a ConfigError', async () => {
    await expect(TextClassifier.train(data, null as never)).rejects.toThrow('Invalid runtime: got undefined; expected a Runtime: createNodeRuntime()');
    await expect(TextClassifier.train(data, { epochs: 1 } as never)).rejects.toThrow(ConfigError);
    const runtime = createNodeRuntime({ devices: ['cpu'], onFallback: () => {} });
    // each of these used to train first, then fail or (NaN) save a threshold that never abstains
    await expect(TextClassifier.train(data, { runtime, epochs: 1, abstain: { threshold: Number.NaN } })).rejects.toThrow('Invalid abstain.threshold: got NaN; expected a number in [0, 1].');
    await expect(TextClassifier.train(data, { runtime, epochs: 1, abstain: { threshold: 1.5 } })).rejects.toThrow('Invalid abstain.threshold');
    await expect(TextClassifier.train(data, { runtime, epochs: 1, validation: data, abstain: { targetPrecision: 2 } })).rejects.toThrow('Invalid abstain.targetPrecision');
    await expect(TextClassifier.train(data, { runtime, epochs: 1, abstain: { threshold: 0.5, targetPrecision: 0.9 } as never })).rejects.toThrow('exactly one of');
    await expect(TextClassifier.train(data, { runtime, epochs: 1, abstain: 'high' as never })).rejects.toThrow('Invalid abstain');
    const tiny = { dModel: 16, numHeads: 2, numLayers: 1, ffnDim: 16, maxLength: 8, ngramVocabSize: 64, ngramDim: 8 };
    const classifier = await TextClassifier.train(data, { runtime, epochs: 1, config: tiny });
    try {
      for (const batchSize of [0, -1, 1.5, Number.NaN]) await expect(classifier.predict(['card'], { batchSize })).rejects.toThrow(ConfigError);
    } finally {
      await classifier.release();
    }
  });

  it('multi-label: examples need a labels array; class weights must name known labels', () => {
    const multi = { ...config, multiLabel: true };
    expect(() => plugin.prepare([{ text: 'my card', label: 'card' }], multi)).toThrow(
      'Example 0 has no valid labels (got undefined) (it has `label`: a multi-label model takes `labels: [...]`)',
    );
    expect(() => plugin.prepare([{ text: 'my card', labels: ['card'] }, { text: 'x', labels: ['refund'] }], config)).toThrow(
      'set config.multiLabel for several labels per text',
    );
    expect(() => plugin.prepare([{ text: 'a', labels: [] }, { text: 'b', labels: [] }], multi)).toThrow('no example has any');
    const state = plugin.prepare([{ text: 'my card', labels: ['card'] }, { text: 'refund it', labels: ['card', 'refund'] }, { text: 'hi', labels: [] }], multi);
    expect(state.labels).toEqual(['card', 'refund']);
    expect(state.thresholds).toEqual([0.5, 0.5]);
    expect(() => plugin.encode({ text: 'x', labels: ['loan'] }, state, multi)).toThrow('Label "loan" was not seen in training');
    expect(() => plugin.prepare(data, { ...config, classWeights: { loan: 2 } })).toThrow('Invalid classWeights.loan');
    expect(() => plugin.prepare(data, { ...config, classWeights: { card: -1 } })).toThrow('expected a positive finite number');
    expect(plugin.prepare(data, { ...config, classWeights: { card: 3 } }).classWeights).toEqual([3, 1, 1]);
  });

  it('balanced weights: N / (C · n_c) per class', () => {
    const skewed = [...Array.from({ length: 6 }, () => ({ text: 'card', label: 'card' })), { text: 'refund', label: 'refund' }, { text: 'wire', label: 'transfer' }];
    const { classWeights } = plugin.prepare(skewed, { ...config, classWeights: 'balanced' });
    expect(classWeights!.map((w) => +w.toFixed(4))).toEqual([8 / 18, 8 / 3, 8 / 3].map((w) => +w.toFixed(4)));
  });

  it('a saved state is checked on load', () => {
    const state = plugin.prepare(data, config);
    expect(plugin.validateState!(state, config)).toBe(state);
    expect(() => plugin.validateState!({ ...state, labels: [] }, config)).toThrow('`labels` must be a non-empty array of strings');
    expect(() => plugin.validateState!({ ...state, tokenizer: {} }, config)).toThrow(/tokenizerState/);
    expect(() => plugin.validateState!(state, { ...config, multiLabel: true })).toThrow('`thresholds` must be present exactly when');
    expect(plugin.validateState!({ ...state, abstain: { threshold: 0.7 } }, config).abstain).toEqual({ threshold: 0.7 });
    for (const abstain of [{ threshold: null }, { threshold: 2 }, { threshold: '0.5' }, null]) {
      expect(() => plugin.validateState!({ ...state, abstain } as never, config)).toThrow('`abstain.threshold` must be a number in [0, 1]');
    }
    expect(() => plugin.prepare(data, { ...config, ngramPooling: 'sum' as never })).toThrow("Invalid ngramPooling: got \"sum\"; expected 'mean' or 'idf'.");
    const idfConfig = { ...config, ngramPooling: 'idf' as const };
    const weighted = plugin.prepare(data, idfConfig);
    expect(weighted.ngramIdf!.length).toBeGreaterThan(0);
    expect(weighted.ngramIdf).toHaveLength(weighted.ngrams!.length);
    expect(plugin.validateState!(weighted, idfConfig)).toBe(weighted);
    expect(() => plugin.validateState!(state, idfConfig)).toThrow('`ngramIdf` must be present exactly when');
    expect(() => plugin.validateState!(weighted, config)).toThrow('`ngramIdf` must be present exactly when');
    expect(() => plugin.validateState!({ ...weighted, ngramIdf: weighted.ngramIdf!.map(() => 0.5) }, idfConfig)).toThrow('`ngramIdf` must hold');
    expect(() => plugin.validateState!({ ...weighted, ngramIdf: weighted.ngramIdf!.slice(1) }, idfConfig)).toThrow('`ngramIdf` must hold');
  });

  it('says when a text was cut: too many pieces for maxLength, or too many n-grams for maxNgrams', () => {
    const roomy = { ...config, maxLength: 64, maxNgrams: 400 };
    const state = plugin.prepare(data, roomy);
    const texts = ['card', 'where is my card please help today', 'card '.repeat(70)];
    const logits = { type: 'float32' as const, data: new Float32Array(texts.length * 3), dims: [texts.length, 3] };
    const flags = (c: typeof roomy) => plugin.decode({ logits }, texts, state, c).map((p) => p.truncated);
    expect(flags(roomy)).toEqual([false, false, true]);
    expect(flags({ ...roomy, maxNgrams: 10 })).toEqual([false, true, true]); // 7 words: 7 + 6 + 5 word n-grams alone
  });
});

describe('multi-label thresholds', () => {
  it('maximise each label\'s validation F1, halfway between accepted and rejected scores', async () => {
    const { learnThresholds, multiLabelMetrics } = await import('./metrics.js');
    // label 0: positives score 0.9, 0.7; negatives 0.4, 0.1 → threshold (0.7 + 0.4) / 2
    // label 1: no positives → 0.5
    const scores = [0.9, 0.2, 0.7, 0.3, 0.4, 0.1, 0.1, 0.6];
    const truth = [[0], [0], [], []];
    const t = learnThresholds(scores, truth, 2);
    expect(t[0]).toBeCloseTo(0.55, 6);
    expect(t[1]).toBe(0.5);
    expect(multiLabelMetrics(scores, truth, 2, t)).toEqual({ accuracy: 0.75, microF1: 0.8, macroF1: 0.5 });
  });
});
