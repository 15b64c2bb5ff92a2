// The keyword spotter's whole life on the real Node runtime: train on ONNX Runtime from FSDD clips,
// export, load with loadPredictor and check the served model is the trained one.
import * as tf from '@tensorflow/tfjs-core';
import { evaluate, exportArtifact, loadPredictor, train } from '@attune/core';
import { createNodeRuntime } from '@attune/node';
import { describe, expect, it } from 'vitest';
import { fsddClips } from '../test-support/fsdd-clips.js';
import { resample } from '../audio/resample.js';
import { keywordSpotterPlugin as kws } from './plugin.js';

const runtime = createNodeRuntime({ devices: ['cpu'] });
// Two speakers, three digits: a slice that trains in seconds on 2 cores. The conv front is on, so its
// Reshape/MatMul/GELU graph is differentiated by core's ONNX autodiff here.
const digits = new Set(['0', '1', '2']);
const clips = fsddClips((d, s, n) => digits.has(d) && (s === 'jackson' || s === 'george') && n < 20);
const trainSet = clips.filter((c) => c.take < 16);
const testSet = clips.filter((c) => c.take >= 16);
const small = { dModel: 32, numHeads: 4, numLayers: 1, ffnDim: 64, convChannels: 4 };

describe('keyword spotter on FSDD', () => {
  it('trains on ONNX Runtime, exports, and the loaded predictor matches the in-memory model', async () => {
    const trained = await train(kws, runtime, trainSet, {
      config: small,
      epochs: 12,
      learningRate: 3e-3,
      batchSize: 32,
      seed: 1,
    });
    expect(trained.result.engine).toMatch(/^onnxruntime-node-cpu/);
    const metrics = await evaluate(kws, trained, testSet);
    console.log(`kws: ${trainSet.length} training clips (augmented per step), held-out takes accuracy ${metrics.accuracy!.toFixed(3)}`);
    expect(metrics.accuracy).toBeGreaterThan(0.6); // three classes: chance is 0.33

    const artifact = await exportArtifact(trained);
    expect(artifact.manifest.preprocessing).toMatchObject({ labels: ['0', '1', '2'], numFrames: 49, inputWidth: 20 * 9, patches: true });
    const predictor = await loadPredictor(kws, artifact, runtime);
    const sample = testSet.slice(0, 6);
    const predictions = await predictor.predict(sample);
    // the in-memory tfjs model (exportArtifact synced its weights from the engine) on the same features
    const feeds = kws.encodeInputs(sample, trained.state, trained.config);
    const f = feeds['features']!;
    const probs = tf.tidy(() => tf.softmax(trained.model.predict({ features: tf.tensor(f.data as Float32Array, f.dims as number[]) })).arraySync()) as number[][];
    predictions.forEach((p, i) => {
      trained.state.labels.forEach((label, k) => expect(Math.abs(p.scores[label]! - probs[i]![k]!)).toBeLessThan(1e-4));
      expect(p.label === null || p.label === p.best).toBe(true);
    });
    await predictor.release();
  });
});

describe('keyword spotter input checks', () => {
  const config = { ...kws.defaultConfig, convChannels: 0 }; // plain log-mel frames [49, 40], easy to check
  const state = kws.prepare(trainSet, config);
  const clip = trainSet[0]!;

  it('rejects empty data, one label only, unseen labels, clips too short or too long', async () => {
    await expect(train(kws, runtime, [], { epochs: 1 })).rejects.toThrow('training needs at least one example; got none');
    expect(() => kws.prepare(trainSet.map((c) => ({ ...c, label: 'zero' })), config)).toThrow(
      'Training needs at least two labels; every example is labelled "zero"',
    );
    expect(() => kws.encode({ ...clip, label: '7' }, state, config)).toThrow('Label "7" was not seen in training; known labels: 0, 1, 2');
    const short = { audio: new Float32Array(200), sampleRate: 8000 };
    expect(() => kws.encodeInputs([short], state, config)).toThrow('Input 0 is 25 ms long; keyword spotting needs at least 50 ms');
    const long = { audio: new Float32Array(8000 * 4), sampleRate: 8000 };
    expect(() => kws.encodeInputs([long], state, config)).toThrow('Input 0 is 4.00 s long; the keyword spotter accepts at most 3 s');
    expect(() => kws.encodeInputs([{ audio: [0, 1] as never, sampleRate: 8000 }], state, config)).toThrow('expected { audio: Float32Array');
    expect(() => kws.encodeInputs([{ ...clip, sampleRate: 8000.5 }], state, config)).toThrow('sampleRate must be a positive integer');
  });

  it('resamples a clip at another rate to the same features, and pads or crops to one window', () => {
    const at8k = kws.encodeInputs([clip], state, config)['features']!;
    const at48k = kws.encodeInputs([{ audio: resample(clip.audio, 8000, 48000), sampleRate: 48000 }], state, config)['features']!;
    expect(at48k.dims).toEqual([1, 49, 40]);
    const a = at8k.data as Float32Array;
    const b = at48k.data as Float32Array;
    const meanDiff = a.reduce((s, v, i) => s + Math.abs(v - b[i]!), 0) / a.length;
    expect(meanDiff).toBeLessThan(0.05); // normalised units; the two resampling paths differ slightly
    const twoSeconds = { audio: new Float32Array(16000 * 2).map((_, i) => (i > 20000 && i < 24000 ? Math.sin(i / 3) : 0)), sampleRate: 16000 };
    expect(kws.encodeInputs([twoSeconds], state, config)['features']!.dims).toEqual([1, 49, 40]);
  });

  it('augments training batches afresh for every step seed, and leaves evaluation batches plain', () => {
    const model = kws.buildModel(state, config, 0);
    const encoded = trainSet.slice(0, 4).map((e) => kws.encode(e, state, config));
    const batch = (training: boolean, seed: number) => model.collate(encoded, { training, epoch: 0, seed })['features']!.data as Float32Array;
    expect(batch(true, 5)).toEqual(batch(true, 5));
    expect(batch(true, 5)).not.toEqual(batch(true, 6));
    expect(batch(false, 5)).toEqual(batch(false, 6));
    expect(Array.from(batch(false, 0).subarray(0, 49 * 40))).toEqual(Array.from(encoded[0]!.features));
    expect(batch(true, 5).length).toBe(batch(false, 5).length);
    const noAugment = kws.buildModel(state, { ...config, augment: false }, 0);
    expect(noAugment.collate(encoded, { training: true, epoch: 0, seed: 5 })['features']!.data).toEqual(batch(false, 0));
  });

  it('normalises each window by itself by default, or with the training statistics', () => {
    const own = kws.encode(clip, state, config).features;
    for (let b = 0; b < 40; b++) {
      let sum = 0;
      for (let t = 0; t < 49; t++) sum += own[t * 40 + b]!;
      expect(Math.abs(sum / 49)).toBeLessThan(1e-4);
    }
    const datasetState = kws.prepare(trainSet, { ...config, normalization: 'dataset' });
    expect(kws.encode(clip, datasetState, config).features).not.toEqual(own);
    expect(() => kws.prepare(trainSet, { ...config, normalization: 'global' as never })).toThrow('normalization must be "utterance" or "dataset"');
  });

  it('with levelDb, levels clips so the recording gain does not matter; rejects a bad level', () => {
    expect(state).toMatchObject({ levelDb: null }); // off by default
    const levelled = kws.prepare(trainSet, { ...config, levelDb: -10 });
    const asSpoken = kws.encodeInputs([clip], levelled, config)['features']!.data as Float32Array;
    const quieter = kws.encodeInputs([{ ...clip, audio: clip.audio.map((v) => v * 0.05) }], levelled, config)['features']!.data as Float32Array;
    expect(quieter.reduce((m, v, i) => Math.max(m, Math.abs(v - asSpoken[i]!)), 0)).toBeLessThan(1e-3); // 26 dB quieter, same input
    expect(() => kws.prepare(trainSet, { ...config, levelDb: 6 })).toThrow('levelDb must be an RMS level in dB full scale from -80 to 0 (e.g. -20), or null');
    expect(() => kws.validateState!({ ...levelled, levelDb: 'loud' }, config)).toThrow('keyword-spotter state: levelDb must be');
    expect(kws.validateState!(levelled, config).levelDb).toBe(-10); // saved in the artifact, so inference levels too
    // 'dataset' statistics are taken from levelled clips too, so a levelled clip normalises to about zero mean
    const levelledDataset = kws.prepare(trainSet, { ...config, levelDb: -10, normalization: 'dataset' });
    const x = kws.encodeInputs(trainSet.slice(0, 20), levelledDataset, config)['features']!.data as Float32Array;
    expect(Math.abs(x.reduce((a, v) => a + v, 0) / x.length)).toBeLessThan(0.3);
    // Artifacts saved before the setting lack the field: they keep the features they were trained on.
    const { levelDb: _l, ...older } = levelled;
    expect(kws.encodeInputs([clip], kws.validateState!(older, config), config)['features']!.data).toEqual(
      kws.encodeInputs([clip], state, config)['features']!.data,
    );
  });

  it('says unknown (label null) when the top probability is under the threshold', () => {
    const logits = { type: 'float32' as const, data: Float32Array.of(0, 0.1, 0, 5, 0, 0), dims: [2, 3] };
    const [unsure, sure] = kws.decode({ logits }, [clip, clip], state, config);
    expect(unsure).toMatchObject({ label: null, best: '1' });
    expect(unsure!.score).toBeLessThan(0.5);
    expect(sure).toMatchObject({ label: '0', best: '0' });
  });
});
