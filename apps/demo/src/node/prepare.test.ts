// The model cache: the first run trains, a second run with nothing changed trains nothing, a changed
// recipe retrains and drops its stale entry, and recipes without data are skipped with a reason.
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { loadPackedArtifact } from '@attune/node';
import { TextClassifier } from '@attune/text';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareModels } from './prepare.js';
import type { Recipe } from './recipes/recipe.js';

let dir: string;
const quiet = Object.assign(new Writable({ write: (_c, _e, done) => done() }), { isTTY: false }) as unknown as NodeJS.WriteStream;

function tinyRecipe(epochs: number): Recipe {
  return {
    id: 'tiny',
    task: 'text',
    title: 'Tiny',
    packages: ['@attune/core', '@attune/text'],
    available: () => true,
    cacheKey: () => ({ epochs }),
    async train(runtime, progress) {
      const examples = ['good day', 'great fun', 'nice one', 'bad day', 'awful mess', 'poor show'].map((text, i) => ({ text, label: i < 3 ? 'pos' : 'neg' }));
      const c = await TextClassifier.train(examples, {
        runtime, epochs, batchSize: 6, seed: 1, onProgress: (e) => progress.onProgress(e),
        config: { vocabSize: 40, minFrequency: 1, maxLength: 8, dModel: 8, numHeads: 2, numLayers: 1, ffnDim: 16, ngramVocabSize: 0 },
      });
      await c.release();
      return { artifact: c.toArtifact(), metrics: { accuracy: 1 }, dataset: { name: 't', source: 's', license: 'l', synthetic: true, trainExamples: 6, testExamples: 0 }, extraFiles: { 'extra.json': '[1]' } };
    },
  };
}

const missing: Recipe = { ...tinyRecipe(1), id: 'needs-data', available: () => false };

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'attune-demo-cache-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('prepareModels', () => {
  it('trains on the first run, writes a loadable packed artifact, its extra files and the model list', async () => {
    const first = await prepareModels({ recipes: [tinyRecipe(2), missing], cacheDir: dir, stream: quiet });
    expect(first.trained).toEqual(['tiny']);
    expect(first.skipped).toEqual([{ id: 'needs-data', reason: 'its data set is not present' }]);
    const [entry] = first.index.models;
    expect(entry!.file).toMatch(/^tiny-[0-9a-f]{16}\/model\.attune$/);
    expect((await loadPackedArtifact(path.join(dir, entry!.file))).manifest.plugin.id).toBe('text-classifier');
    expect(await readFile(path.join(dir, entry!.extraFiles!['extra.json']!), 'utf8')).toBe('[1]');
    expect(JSON.parse(await readFile(path.join(dir, 'index.json'), 'utf8'))).toEqual(first.index);
  });

  it('trains nothing on a second run with nothing changed', async () => {
    const again = await prepareModels({ recipes: [tinyRecipe(2)], cacheDir: dir, stream: quiet });
    expect(again.trained).toEqual([]);
    expect(again.index.models[0]!.file).toBe((JSON.parse(await readFile(path.join(dir, 'index.json'), 'utf8')) as typeof again.index).models[0]!.file);
  });

  it('retrains when the recipe changes and removes the stale entry', async () => {
    const before = readdirSync(dir).filter((f) => f.startsWith('tiny-'));
    const changed = await prepareModels({ recipes: [tinyRecipe(3)], cacheDir: dir, stream: quiet, indexFile: 'other.json' });
    expect(changed.trained).toEqual(['tiny']);
    const after = readdirSync(dir).filter((f) => f.startsWith('tiny-'));
    expect(after).toHaveLength(1);
    expect(after).not.toEqual(before);
    expect(existsSync(path.join(dir, 'other.json'))).toBe(true);
  });
});
