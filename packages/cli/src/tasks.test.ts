// The speech and recommendation tasks through the attune binary: folders of WAV files, a list file,
// an interaction log.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonLines, runCli, tempDir } from './test-support/run-cli.js';
import { writeWav } from '@attune/speech';
import { tone, writeToneFolders } from './test-support/tiny-audio.js';
import { nodeRuntime } from './context.js';
import { builtInAdapters, registryOf } from './plugins/registry.js';
import { createServer } from './serve/server.js';

const dir = tempDir('attune-tasks-');

/** Starts the server on one artifact, posts one request, stops; the predictions. */
async function serveOnce(artifact: string, inputs: unknown[]): Promise<Array<Record<string, unknown>>> {
  const server = await createServer({ artifacts: [`m=${artifact}`], registry: registryOf(builtInAdapters()), runtime: nodeRuntime('cpu'), watch: false, log: () => {} });
  try {
    const base = await server.app.listen({ host: '127.0.0.1', port: 0 });
    const res = await fetch(`${base}/v1/models/m:predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ inputs }) });
    const body = (await res.json()) as { predictions: Array<Record<string, unknown>> };
    expect(res.status, JSON.stringify(body)).toBe(200);
    return body.predictions;
  } finally {
    await server.close();
  }
}

describe('attune train speech', () => {
  it('trains on a folder of WAV files per label, predicts from WAV paths, evaluates from a list file', async () => {
    const clips = writeToneFolders(path.join(dir, 'clips'), 16);
    const out = path.join(dir, 'kws');
    const settings = ['--set', 'dModel=16', '--set', 'numHeads=2', '--set', 'numLayers=1', '--set', 'ffnDim=32', '--set', 'windowSeconds=0.5', '--set', 'unknownThreshold=0'];
    const train = await runCli(['train', 'speech', '--data', clips, '--out', out, '--epochs', '8', '--batch-size', '8', '--lr', '3e-3', '--val-split', '0', '--json', ...settings]);
    expect(train.code, train.stderr).toBe(0);
    expect(jsonLines(train.stdout).at(-1)).toMatchObject({ type: 'result', artifact: out });

    const list = path.join(dir, 'clips.tsv');
    const rows = ['low', 'high'].flatMap((label) => [1, 5, 9].map((i) => `clips/${label}/${String(i).padStart(3, '0')}.wav\t${label}`));
    writeFileSync(list, `${rows.join('\n')}\n`);
    const evaluated = await runCli(['eval', out, '--data', list, '--json']);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    expect((jsonLines(evaluated.stdout).at(-1)!['metrics'] as Record<string, number>)['accuracy']).toBeGreaterThanOrEqual(5 / 6);

    const input = [path.join(clips, 'low/002.wav'), JSON.stringify({ path: path.join(clips, 'high/002.wav') })].join('\n');
    const predicted = await runCli(['predict', out], { input });
    expect(predicted.code, predicted.stderr).toBe(0);
    expect(jsonLines(predicted.stdout).map((p) => p['best'])).toEqual(['low', 'high']);

    // served: base64 WAV bytes or raw samples in a JSON request
    const wavBytes = readFileSync(path.join(clips, 'high/002.wav')); // the clip predict got right above
    const served = await serveOnce(out, [{ wav: wavBytes.toString('base64') }, { audio: Array.from(tone(300, 0.5, 8000, 9)), sampleRate: 8000 }]);
    expect(served.map((p) => p['best'])).toEqual(['high', 'low']);

    // silence is never a keyword (unknownThreshold=0 here: only the silence gate can say null),
    // digital zero or stereo whose channels cancel, from predict and from the server
    const silent = path.join(dir, 'silent.wav');
    writeFileSync(silent, writeWav(new Float32Array(4000), 8000, 16));
    const side = tone(300, 0.5, 8000, 3);
    const cancelling = path.join(dir, 'cancelling.wav');
    writeFileSync(cancelling, writeWav([side, side.map((v) => -v)], 8000, 16));
    const quiet = await runCli(['predict', out], { input: `${silent}\n${cancelling}\n` });
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(jsonLines(quiet.stdout).map((p) => p['label'])).toEqual([null, null]);
    const servedSilence = await serveOnce(out, [{ audio: Array(4000).fill(0), sampleRate: 8000 }, { wav: readFileSync(cancelling).toString('base64') }]);
    expect(servedSilence.map((p) => p['label'])).toEqual([null, null]);

    // a broken WAV among the inputs is named by path
    const broken = path.join(dir, 'broken.wav');
    writeFileSync(broken, 'RIFF1234WAVEnot really');
    const bad = await runCli(['predict', out], { input: broken });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`stdin:1: ${broken}:`);
  });
});

describe('attune train speech: clips the keyword spotter refuses', () => {
  it('names the file of a clip too short, and of a validation clip with an unseen label', async () => {
    const clips = writeToneFolders(path.join(dir, 'refused'), 3);
    const short = path.join(clips, 'low', 'short.wav');
    writeFileSync(short, writeWav(new Float32Array(8), 8000, 16));
    const run = await runCli(['train', 'speech', '--data', clips, '--out', path.join(dir, 'never'), '--val-split', '0']);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr.trim().split('\n').at(-1)).toBe(`attune: ${short} is 1 ms long; keyword spotting needs at least 50 ms of audio.`);
    const validation = writeToneFolders(path.join(dir, 'refused-validation'), 1);
    const renamed = path.join(validation, 'middle');
    (await import('node:fs')).renameSync(path.join(validation, 'high'), renamed);
    writeToneFolders(path.join(dir, 'refused-ok'), 3);
    const unseen = await runCli(['train', 'speech', '--data', path.join(dir, 'refused-ok'), '--validation', validation, '--out', path.join(dir, 'never'), '--epochs', '1']);
    expect(unseen.code, unseen.stderr).toBe(2);
    expect(unseen.stderr.trim().split('\n').at(-1)).toMatch(/^attune: .*middle\/000\.wav: label "middle" was not seen in training; known labels: high, low\.$/);
  });
});

describe('attune train recommend', () => {
  it('trains on an interaction log, holding out each user\'s last item, and recommends the next item', async () => {
    let seed = 3;
    const rand = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n;
    const lines = ['userId,movieId,rating,timestamp'];
    for (let u = 1; u <= 150; u++) {
      const start = rand(30);
      const length = 5 + rand(8);
      for (let k = 0; k < length; k++) lines.push(`${u},${100 + ((start + k) % 30)},4,${1000 + k}`);
    }
    const log = path.join(dir, 'ratings.csv');
    writeFileSync(log, `${lines.join('\n')}\n`);
    const out = path.join(dir, 'rec');
    const train = await runCli(['train', 'recommend', '--data', log, '--out', out, '--epochs', '30', '--batch-size', '32', '--lr', '5e-3', '--json', '--set', 'dModel=32', '--set', 'maxLength=16', '--set', 'numLayers=1', '--set', 'dropout=0']);
    expect(train.code, train.stderr).toBe(0);
    const metrics = jsonLines(train.stdout).at(-1)!['metrics'] as Record<string, number>;
    console.log('recommend metrics', metrics);
    expect(metrics['hr@10']).toBeGreaterThan(0.9); // next = previous + 1: far above popularity (~10/30)
    const predicted = await runCli(['predict', out], { input: '{"history": [105, 106, 107], "k": 3}\n110,111\n' });
    expect(predicted.code, predicted.stderr).toBe(0);
    const [first, second] = jsonLines(predicted.stdout) as Array<{ items: Array<{ item: number }> }>;
    expect(first!.items.map((i) => i.item)).toContain(108);
    expect(second!.items.slice(0, 3).map((i) => i.item)).toContain(112);
    const served = (await serveOnce(out, [{ history: [105, 106, 107], k: 3 }, [110, 111]])) as Array<{ items: Array<{ item: number }> }>;
    expect(served[0]!.items.map((i) => i.item)).toContain(108);
    expect(served[1]!.items.slice(0, 3).map((i) => i.item)).toContain(112);
  });

  it('reads a log with only the documented userId, movieId and timestamp columns, and one without a header', async () => {
    const rows = Array.from({ length: 20 }, (_, u) => [0, 1, 2, 3].map((k) => `${u + 1},${10 + ((u + k) % 8)},${1000 + k}`)).flat();
    const named = path.join(dir, 'no-rating.csv');
    writeFileSync(named, `userId,movieId,timestamp\n${rows.join('\n')}\n`);
    const bare = path.join(dir, 'u.data');
    writeFileSync(bare, `${rows.map((r) => { const [u, i, t] = r.split(','); return `${u}\t${i}\t4\t${t}`; }).join('\n')}\n`);
    for (const log of [named, bare]) {
      const run = await runCli(['train', 'recommend', '--data', log, '--out', path.join(dir, `rec-${path.basename(log)}`), '--epochs', '1', '--set', 'dModel=16', '--set', 'maxLength=8', '--set', 'numLayers=1']);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/recommend: 20 training and 20 validation examples/);
    }
  });
});
