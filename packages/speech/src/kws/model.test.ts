import * as tf from '@tensorflow/tfjs-core';
import { buildTrainingGraphs, exportOnnx, inspectOnnx } from '@attune/core';
import { createNodeRuntime } from '@attune/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { KeywordTransformer } from './model.js';

describe('KeywordTransformer', () => {
  let model: KeywordTransformer;
  beforeAll(async () => {
    await createNodeRuntime().ready(); // a tfjs backend for the weights
    model = new KeywordTransformer({ numFrames: 12, numFeatures: 40, numClasses: 3, dModel: 16, numHeads: 2, numLayers: 1 }, { seed: 3 });
  });

  it('maps [B, T, 40] frames to [B, C] logits and names every weight', () => {
    const logits = model.predict({ features: tf.randomNormal([2, 12, 40], 0, 1, 'float32', 1) });
    expect(logits.shape).toEqual([2, 3]);
    logits.dispose();
    const names = model.namedParameters().map(([n]) => n);
    expect(names[0]).toBe('kws.input_projection.weight');
    expect(names).toContain('kws.positional.table');
    expect(names.at(-1)).toBe('kws.head.bias');
  });

  it('exports `features` → `logits` and training graphs that take `features` and `labels`', () => {
    const summary = inspectOnnx(exportOnnx(model));
    expect(summary.inputs).toEqual(['features']);
    expect(summary.outputs).toEqual(['logits', 'embedding']);
    const graphs = buildTrainingGraphs(model);
    expect(graphs.batchInputs.map((i) => i.name)).toEqual(['features', 'labels']);
    expect(graphs.weights.map((w) => w.name)).toEqual(model.namedParameters().map(([n]) => n));
    expect(graphs.dropoutMasks.length).toBeGreaterThan(0); // the frame axis binds core's `sequence` dim
  });

  it('a conv front takes 3×3 patches per band pair and trains through the same graphs', () => {
    const conv = new KeywordTransformer({ numFrames: 12, numFeatures: 20 * 9, numClasses: 3, dModel: 16, numHeads: 2, numLayers: 1, convChannels: 4 }, { seed: 3 });
    const logits = conv.predict({ features: tf.randomNormal([2, 12, 180], 0, 1, 'float32', 1) });
    expect(logits.shape).toEqual([2, 3]);
    logits.dispose();
    expect(conv.namedParameters().map(([n]) => n).slice(0, 3)).toEqual(['kws.conv.weight', 'kws.conv.bias', 'kws.input_projection.weight']);
    expect(conv.inputProjection.config.inFeatures).toBe(20 * 4);
    expect(buildTrainingGraphs(conv).weights.length).toBe(conv.namedParameters().length);
    expect(() => new KeywordTransformer({ numFrames: 12, numFeatures: 40, numClasses: 3, convChannels: 4 })).toThrow('numFeatures must be bands × 9');
  });

  it('collate checks window sizes and labels', () => {
    const ok = { features: new Float32Array(12 * 40), label: 2 };
    expect(model.collate([ok, ok]).features!.shape).toEqual([2, 12, 40]);
    expect(() => model.collate([{ features: new Float32Array(10), label: 0 }])).toThrow('expected 12 frames × 40 = 480');
    expect(() => model.collate([{ ...ok, label: 3 }])).toThrow('labels must be integers in [0, 3)');
  });
});
