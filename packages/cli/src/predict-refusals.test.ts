// An input the model itself refuses (a clip too short for the keyword spotter, found only when the
// batch is encoded) is reported on its own input line, and --keep-going answers the other lines.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeWav } from '@attune/speech';
import { jsonLines, runCli, tempDir } from './test-support/run-cli.js';
import { writeToneFolders } from './test-support/tiny-audio.js';

const dir = tempDir('attune-predict-refusals-');
const clips = writeToneFolders(path.join(dir, 'clips'), 6);
const short = path.join(dir, 'short.wav');
const model = path.join(dir, 'kws');
const input = [path.join(clips, 'low/001.wav'), short, path.join(clips, 'high/001.wav')].join('\n');

beforeAll(async () => {
  writeFileSync(short, writeWav(new Float32Array([0.5]), 8000, 16));
  const settings = ['--set', 'dModel=16', '--set', 'numHeads=2', '--set', 'numLayers=1', '--set', 'ffnDim=32'];
  const run = await runCli(['train', 'speech', '--data', clips, '--out', model, '--epochs', '1', '--val-split', '0', ...settings]);
  if (run.code !== 0) throw new Error(run.stderr);
}, 240_000);

describe('attune predict: inputs the model refuses', () => {
  it('stops with the refused line\'s number (not its index in a batch)', async () => {
    const run = await runCli(['predict', model], { input });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr.trim().split('\n').at(-1)).toMatch(/^attune: stdin:2: The input is 0 ms long; keyword spotting needs at least 50 ms/);
    expect(jsonLines(run.stdout)).toHaveLength(1); // line 1 was answered before the refusal
  });

  it('with --keep-going answers every line in order, the refused one as {line, error}', async () => {
    const run = await runCli(['predict', model, '--keep-going'], { input });
    expect(run.code, run.stderr).toBe(0);
    const out = jsonLines(run.stdout);
    expect(out).toHaveLength(3);
    expect(out[0]!['best']).toBeDefined();
    expect(out[1]).toEqual({ line: 2, error: expect.stringMatching(/^stdin:2: The input is 0 ms long/) });
    expect(out[2]!['best']).toBeDefined();
    expect(run.stderr).toMatch(/predicted 2 inputs, 1 refused/);
  });
});
