// The keyword spotter's whole life on the real Node runtime: train on ONNX Runtime from FSDD clips,
// export, load with loadPredictor and check the served model is the trained one.
import * as tf from '@tensorflow/tfjs-core';
import { evaluate, exportArtifact, loadPredictor, train } from '@attune/core';
import { createNodeRuntime } from '@attune/node';
import { describe, expect, it } from 'vitest';
import { fsddClips } from '../test-support/fsdd-clips.js';
import { resample } from '../audio/resample.js';
import { augmentExamples } from './augment.js';
import { keywordSpotterPlugin as kws } from './plugin.js';

const runtime = createNodeRuntime({ devices: ['cpu'] });
// Two speakers, three digits: a slice that trains in seconds on 2 cores.
const digits = new Set(['0', '1', '2']);
const clips = fsddClips((d, s, n) => digits.has(d) && (s === 'jackson' || s === 'george') && n < 20);
const trainSet = clips.filter((c) => c.take < 16);
const testSet = clips.filter((c) => c.take >= 16);
const small = { dModel: 32, numHeads: 4, numLayers: 1, ffnDim: 64 };

describe('keyword spotter on FSDD', () => {
  it('trains on ONNX Runtime, exports, and the loaded predictor matches the in-memory model', async () => {
    const trained = await train(kws, runtime, augmentExamples(trainSet, { copies: 1, seed: 1 }), {
      config: small,
      epochs: 8,
      learningRate: 3e-3,
      batchSize: 32,
      seed: 1,
    });
    expect(trained.result.engine).toMatch(/^onnxruntime-node-cpu/);
    const metrics = await evaluate(kws, trained, testSet);
    console.log(`kws: ${trainSet.length} training clips (+1 augmented copy each), held-out takes accuracy ${metrics.accuracy!.toFixed(3)}`);
    expect(metrics.accuracy).toBeGreaterThan(0.6); // three classes: chance is 0.33

    const artifact = await exportArtifact(trained);
    expect(artifact.manifest.preprocessing).toMatchObject({ labels: ['0', '1', '2'], numFrames: 98 });
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
  const config = kws.defaultConfig;
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
    expect(at48k.dims).toEqual([1, 98, 40]);
    const a = at8k.data as Float32Array;
    const b = at48k.data as Float32Array;
    const meanDiff = a.reduce((s, v, i) => s + Math.abs(v - b[i]!), 0) / a.length;
    expect(meanDiff).toBeLessThan(0.05); // normalised units; the two resampling paths differ slightly
    const twoSeconds = { audio: new Float32Array(16000 * 2).map((_, i) => (i > 20000 && i < 24000 ? Math.sin(i / 3) : 0)), sampleRate: 16000 };
    expect(kws.encodeInputs([twoSeconds], state, config)['features']!.dims).toEqual([1, 98, 40]);
  });

  it('encodes an augmented copy the same way every time, differently from the original', () => {
    const plain = kws.encode(clip, state, config).features;
    const copy = kws.encode({ ...clip, augmentSeed: 3 }, state, config).features;
    expect(kws.encode({ ...clip, augmentSeed: 3 }, state, config).features).toEqual(copy);
    expect(copy.length).toBe(plain.length);
    expect(copy).not.toEqual(plain);
  });

  it('says unknown (label null) when the top probability is under the threshold', () => {
    const logits = { type: 'float32' as const, data: Float32Array.of(0, 0.1, 0, 5, 0, 0), dims: [2, 3] };
    const [unsure, sure] = kws.decode({ logits }, [clip, clip], state, config);
    expect(unsure).toMatchObject({ label: null, best: '1' });
    expect(unsure!.score).toBeLessThan(0.5);
    expect(sure).toMatchObject({ label: '0', best: '0' });
  });
});
