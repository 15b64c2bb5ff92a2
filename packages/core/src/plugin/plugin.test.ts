import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/config-error.js';
import { createMockBackend } from '../testing/mock-backend.js';
import { toyPlugin, type ToyExample } from '../testing/toy-plugin.js';
import { TfjsEngine } from '../train/tfjs-engine.js';
import { exportArtifact, loadPredictor } from './artifact-io.js';
import { definePlugin } from './define-plugin.js';
import { createRuntime } from './runtime.js';
import { evaluate, train } from './train.js';

const words = ['red', 'green', 'blue', 'cat', 'dog', 'sun', 'moon'];
const data = (n: number, offset: number): ToyExample[] =>
  Array.from({ length: n }, (_, i) => {
    const tokens = Array.from({ length: 4 + ((i + offset) % 5) }, (_, j) => words[(i * 3 + j * 5 + offset) % words.length]!);
    return { tokens, label: tokens.includes('cat') ? 'has-cat' : 'no-cat' };
  });

describe('definePlugin', () => {
  it('checks the definition up front and names the field', () => {
    expect(() => definePlugin({ ...toyPlugin, id: 'Bad Id' })).toThrow('Invalid plugin.id: got "Bad Id"');
    expect(() => definePlugin({ ...toyPlugin, version: '1' })).toThrow('Invalid plugin.version: got "1"; expected a semver version');
    expect(() => definePlugin({ ...toyPlugin, decode: undefined as never })).toThrow(ConfigError);
  });
});

describe('the generic plugin workflow on the tfjs engine and a mock backend', () => {
  const mock = createMockBackend((feeds) => {
    const [b] = feeds['ids']!.dims as [number];
    // logits favouring class 1 for every row
    return { logits: { type: 'float32', data: Float32Array.from({ length: b * 2 }, (_, i) => (i % 2 ? 2 : 0)), dims: [b, 2] } };
  });
  const runtime = createRuntime({ backends: [mock], createTrainingEngine: async (model) => new TfjsEngine(model) });

  it('train → evaluate → exportArtifact → loadPredictor', async () => {
    const trained = await train(toyPlugin, runtime, data(160, 0), { validation: data(40, 7), epochs: 3, learningRate: 3e-3, seed: 2 });
    expect(trained.result.engine).toBe('tfjs-wasm');
    const metrics = await evaluate(toyPlugin, trained, data(40, 11));
    expect(metrics.accuracy).toBeGreaterThan(0.6);
    const artifact = await exportArtifact(trained);
    expect(artifact.manifest.plugin).toEqual({ id: 'toy-sequence-classifier', version: '0.1.0' });
    expect(artifact.manifest.preprocessing).toEqual(trained.state);
    const predictor = await loadPredictor(toyPlugin, artifact, runtime);
    const predictions = await predictor.predict([['red', 'cat'], ['blue', 'unknown-word', 'sun']]);
    expect(predictions.map((p) => p.label)).toEqual(['no-cat', 'no-cat']); // the mock says class 1
    expect(mock.calls[0]!['ids']!.dims).toEqual([2, 3]);
    // long lists go to the runtime in batches, predictions come back in order
    const small = await loadPredictor(toyPlugin, artifact, runtime, { batchSize: 2 });
    const before = mock.calls.length;
    expect(await small.predict([['red'], ['cat'], ['sun'], ['dog'], ['moon']])).toHaveLength(5);
    expect(mock.calls.slice(before).map((c) => c['ids']!.dims[0])).toEqual([2, 2, 1]);
    // a state calibrated after training can replace the trained one in the artifact
    const calibratedState = { ...trained.state, vocabulary: [...trained.state.vocabulary, 'zebra'] };
    const calibrated = await exportArtifact(trained, { state: calibratedState });
    expect(calibrated.manifest.preprocessing).toEqual(calibratedState);
    // metrics measured after training join the best epoch's instead of replacing them
    const withTest = await exportArtifact(trained, { extraMetrics: { testAccuracy: 0.75 } });
    expect(withTest.manifest.metrics).toEqual({ ...artifact.manifest.metrics, testAccuracy: 0.75 });
    expect(artifact.manifest.metrics['accuracy']).toBeTypeOf('number');
    expect((await exportArtifact(trained, { metrics: { a: 1 }, extraMetrics: { b: 2 } })).manifest.metrics).toEqual({ a: 1, b: 2 });
    expect(artifact.manifest.preprocessing).toEqual(trained.state);
    expect(Array.from(mock.calls[0]!['ids']!.data as Int32Array)).toEqual([7, 3, 0, 2, 1, 8]); // sorted vocabulary + 2; unknown → 1, padding → 0
  });

  it('clear errors: one label only, an unseen label, an artifact of another plugin', async () => {
    await expect(train(toyPlugin, runtime, [{ tokens: ['a'], label: 'x' }, { tokens: ['b'], label: 'x' }], { epochs: 1 })).rejects.toThrow(
      'Training needs at least two labels; every example is labelled "x"',
    );
    const trained = await train(toyPlugin, runtime, data(40, 0), { epochs: 1 });
    await expect(evaluate(toyPlugin, trained, [{ tokens: ['cat'], label: 'maybe' }])).rejects.toThrow('Label "maybe" was not seen in training');
    const artifact = await exportArtifact(trained);
    const other = definePlugin({ ...toyPlugin, id: 'other-plugin' });
    await expect(loadPredictor(other, artifact, runtime)).rejects.toThrow('made by plugin "toy-sequence-classifier", not "other-plugin"');
  });
});

describe('train refuses bad settings before preparing anything', () => {
  const runtime = createRuntime({ backends: [createMockBackend(() => ({}))], createTrainingEngine: async (model) => new TfjsEngine(model) });
  let prepared = 0;
  const ruled = definePlugin({
    ...toyPlugin,
    prepare: (examples, config) => {
      prepared += 1;
      return toyPlugin.prepare(examples, config);
    },
    settingRules: { dModel: { min: 1, max: 4096, integer: true }, dropout: { min: 0, max: 0.95 } },
    parameterCount: (_state, config) => config.dModel * config.dModel * 1000,
  });
  const attempt = (config: Record<string, unknown>) => train(ruled, runtime, data(20, 0), { epochs: 1, config: config as never });

  it('an unknown key, listing the known ones and suggesting the nearest', async () => {
    await expect(attempt({ evil: 1 })).rejects.toThrow('Unknown setting "evil" for toy-sequence-classifier. Known settings: maxLength, dModel, numHeads, numLayers, dropout.');
    await expect(attempt({ dmodel: 8 })).rejects.toThrow('Unknown setting "dmodel" for toy-sequence-classifier; did you mean "dModel"?');
    await expect(attempt({ numLayer: 1 })).rejects.toMatchObject({ code: 'INVALID_CONFIG', message: expect.stringContaining('did you mean "numLayers"?') });
  });

  it('a number outside its range or of the wrong type', async () => {
    await expect(attempt({ dModel: 1e9 })).rejects.toThrow('Invalid dModel: got 1000000000; expected an integer in [1, 4096].');
    await expect(attempt({ dModel: 'big' })).rejects.toThrow('Invalid dModel: got "big"; expected an integer in [1, 4096].');
    await expect(attempt({ dropout: 1 })).rejects.toThrow('Invalid dropout: got 1; expected a number in [0, 0.95].');
    expect(prepared).toBe(0);
  });

  it('a model whose parameter count is over the limit, naming it', async () => {
    await expect(attempt({ dModel: 1024 })).rejects.toThrow('model of 1048.6 million parameters; the limit is 100 million');
  });

  it('a learning rate no run survives', async () => {
    await expect(train(toyPlugin, runtime, data(20, 0), { epochs: 1, learningRate: 1e6 })).rejects.toThrow('Invalid learningRate: got 1000000; expected at most 1.');
  });
});

