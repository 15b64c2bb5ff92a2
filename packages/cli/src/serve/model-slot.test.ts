// Hot reload refuses a replacement whose model.onnx does not fit its manifest (hashes all match)
// and keeps serving the version it had, with real tiny models on ONNX Runtime.
import { cp, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeRuntime } from '../context.js';
import { builtInAdapters, registryOf } from '../plugins/registry.js';
import { withForeignModel, withLabelsCut } from '../test-support/mismatched-artifacts.js';
import { runCli } from '../test-support/run-cli.js';
import { TINY_TEXT_SETTINGS, writeTinyCsv } from '../test-support/tiny-data.js';
import { tempDir, trainTinyTextModel } from '../test-support/trained-models.js';
import { serverMetrics } from './metrics.js';
import { ModelSlot } from './model-slot.js';

const dir = tempDir('attune-slot-');
const live = path.join(dir, 'live');
const metrics = serverMetrics();
const logs: string[] = [];
let model: string;
let other: string;
let slot: ModelSlot;

beforeAll(async () => {
  model = await trainTinyTextModel(dir, 'model', 1, 1);
  other = path.join(dir, 'other');
  const run = await runCli(['train', 'text', '--data', writeTinyCsv(path.join(dir, 'other.csv'), 120, 2), '--out', other, '--epochs', '1', ...TINY_TEXT_SETTINGS, '--set', 'ngramVocabSize=0']);
  if (run.code !== 0) throw new Error(run.stderr);
  await cp(model, live, { recursive: true });
  slot = await ModelSlot.open({
    name: 'intents', dir: live, registry: registryOf(builtInAdapters()), runtime: nodeRuntime('cpu'),
    batch: { maxBatch: 16, maxDelayMs: 1 }, metrics, log: (m) => logs.push(m), watch: false,
  });
}, 240_000);
afterAll(async () => slot?.close());

/** Swaps `replacement` in at the live path, as an atomic save does, and asks the slot to reload. */
async function replaceLive(replacement: string): Promise<void> {
  await rm(live, { recursive: true });
  await rename(replacement, live);
  await slot.reload();
}

describe('hot reload of a model.onnx that does not fit its manifest', () => {
  it.each([
    ['another model\'s file with its hash updated', () => withForeignModel(model, other, path.join(dir, 'foreign'))],
    ['labels cut below the model\'s outputs', () => withLabelsCut(model, path.join(dir, 'cut'), 2)],
  ])('%s: refused, the old version keeps serving', async (_name, make) => {
    const failedBefore = metrics.reloads.get({ model: 'intents', result: 'failed' });
    await replaceLive(await make());
    expect(metrics.reloads.get({ model: 'intents', result: 'failed' })).toBe(failedBefore + 1);
    expect(metrics.reloads.get({ model: 'intents', result: 'ok' })).toBe(0);
    expect(logs.at(-1)).toMatch(/could not be loaded; still serving version 1: model\.onnx does not match manifest\.json/);
    const { predictions, generation } = await slot.predict(['please lost card now']);
    expect(generation).toBe(1);
    expect(Object.keys((predictions[0] as { scores: Record<string, number> }).scores)).toHaveLength(3);
  });
});
