// Every numeric array in a server request is checked element by element: speech samples, and a
// recommender's history, candidates and exclude ids (Float32Array.from and friends would turn
// null, true, "1" and [1] into numbers silently). Real tiny models on a real server.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeRuntime } from '../context.js';
import { builtInAdapters, registryOf } from '../plugins/registry.js';
import { runCli, tempDir } from '../test-support/run-cli.js';
import { tone, writeToneFolders } from '../test-support/tiny-audio.js';
import { createServer, type AttuneServer } from './server.js';

const dir = tempDir('attune-serve-numeric-');
let server: AttuneServer;
let base: string;

async function train(args: string[]): Promise<void> {
  const run = await runCli(['train', ...args, '--epochs', '1', '--json']);
  if (run.code !== 0) throw new Error(`training failed (exit ${run.code}):\n${run.stderr}`);
}

beforeAll(async () => {
  const kws = path.join(dir, 'kws');
  await train(['speech', '--data', writeToneFolders(path.join(dir, 'clips'), 6), '--out', kws, '--batch-size', '4', '--val-split', '0',
    '--set', 'dModel=16', '--set', 'numHeads=2', '--set', 'numLayers=1', '--set', 'ffnDim=32', '--set', 'windowSeconds=0.5']);
  const lines = ['userId,movieId,rating,timestamp'];
  for (let u = 1; u <= 30; u++) for (let k = 0; k < 5; k++) lines.push(`${u},${100 + ((u + k) % 10)},4,${1000 + k}`);
  writeFileSync(path.join(dir, 'ratings.csv'), `${lines.join('\n')}\n`);
  const rec = path.join(dir, 'rec');
  await train(['recommend', '--data', path.join(dir, 'ratings.csv'), '--out', rec, '--set', 'dModel=16', '--set', 'maxLength=8', '--set', 'numLayers=1']);
  server = await createServer({ artifacts: [`kws=${kws}`, `rec=${rec}`], registry: registryOf(builtInAdapters()), runtime: nodeRuntime('cpu'), watch: false, requestLog: false, log: () => {} });
  base = await server.listen('127.0.0.1', 0);
}, 240_000);
afterAll(async () => server?.close());

const predict = async (model: string, input: unknown) => {
  const res = await fetch(`${base}/v1/models/${model}:predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ input }) });
  return { status: res.status, body: (await res.json()) as { error?: { message: string } } };
};

describe('numeric arrays in server requests', () => {
  const clip = Array.from(tone(300, 0.5, 8000, 1));

  it('speech "audio": a finite number at every index, or 400 naming the index', async () => {
    expect((await predict('kws', { audio: clip, sampleRate: 8000 })).status).toBe(200);
    for (const [bad, shown] of [[null, 'null'], ['0.5', '"0.5"'], [true, 'true'], [[0.5], '[0.5]'], [{}, '{}'], [1e39, '1e+39']] as const) {
      const audio = [...clip];
      audio[7] = bad as never;
      const { status, body } = await predict('kws', { audio, sampleRate: 8000 });
      expect(status, JSON.stringify(bad)).toBe(400);
      expect(body.error?.message).toBe(`inputs[0]: "audio"[7] is ${shown}; every element must be a finite number${bad === 1e39 ? ' within float32 range' : ''}.`);
    }
    expect((await predict('kws', { audio: [], sampleRate: 8000 })).body.error?.message).toMatch(/"audio" must be a non-empty array of finite numbers; got an empty array/);
    expect((await predict('kws', { audio: 'abc', sampleRate: 8000 })).body.error?.message).toMatch(/"audio" must be a non-empty array/);
    for (const rate of [null, '8000', 8000.5, 0, -1]) {
      const { status, body } = await predict('kws', { audio: clip, sampleRate: rate });
      expect(status).toBe(400);
      expect(body.error?.message).toMatch(/"sampleRate" must be a positive integer/);
    }
  });

  it('recommend ids in "history", "candidates" and "exclude" are strings or finite numbers, or 400 naming the index; k a positive integer', async () => {
    expect((await predict('rec', { history: [100, 101, '102'], k: 3, candidates: [103, 104], exclude: [105] })).status).toBe(200);
    for (const field of ['history', 'candidates', 'exclude'] as const) {
      for (const [bad, shown] of [[null, 'null'], [true, 'true'], [[101], '[101]'], [{ id: 1 }, '{"id":1}']] as const) {
        const input = { history: [100, 101, 102], [field]: [100, 101, bad] };
        const { status, body } = await predict('rec', input);
        expect(status, `${field} ${JSON.stringify(bad)}`).toBe(400);
        expect(body.error?.message).toBe(`inputs[0]: "${field}"[2] is ${shown}; item ids are strings or finite numbers.`);
      }
    }
    expect((await predict('rec', { history: [100], candidates: 'all' })).body.error?.message).toMatch(/"candidates" must be an array of item ids/);
    for (const k of ['3', 0, 2.5, null]) expect((await predict('rec', { history: [100], k })).body.error?.message, JSON.stringify(k)).toMatch(/"k" must be a positive integer/);
  });
});
