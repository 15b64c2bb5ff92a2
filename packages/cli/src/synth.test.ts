// `attune synth` with the real synthesisers (.ci/run installs espeak-ng and flite, as it installs
// chromium): takes in the label-folder layout, reproducible from a seed, trainable as they are;
// and clear errors for bad words and missing engines.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readWav } from '@attune/speech';
import { describe, expect, it } from 'vitest';
import { jsonLines, runCli, tempDir } from './test-support/run-cli.js';

const dir = tempDir('attune-synth-');
const listWavs = (folder: string) => readdirSync(folder).filter((f) => f.endsWith('.wav')).sort();

describe('attune synth', () => {
  it('writes trimmed takes per label in both engines, the same for the same seed', async () => {
    const out = path.join(dir, 'words');
    const run = await runCli(['synth', out, '--words', 'go=go, stop = stop', '--per-word', '12', '--rate', '8000', '--seed', '5', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const result = jsonLines(run.stdout).at(-1)!;
    expect(result).toMatchObject({ type: 'result', out, clips: 24, labels: ['go', 'stop'], engines: ['espeak-ng', 'flite'], sampleRate: 8000, seed: 5 });
    expect(readdirSync(out).sort()).toEqual(['go', 'stop']);
    const names = listWavs(path.join(out, 'go'));
    expect(names).toHaveLength(12);
    expect(names.every((n) => /^synth-(espeak-[a-z0-9]+-[a-z0-9]+|flite-[a-z0-9]+)-\d+\.wav$/.test(n)), names.join(' ')).toBe(true);
    expect(names.some((n) => n.startsWith('synth-espeak')) && names.some((n) => n.startsWith('synth-flite'))).toBe(true);
    for (const name of names) {
      const wav = readWav(readFileSync(path.join(out, 'go', name)));
      const seconds = wav.samples.length / wav.sampleRate;
      expect(wav.sampleRate).toBe(8000);
      // trimmed to the word: FSDD's clips are 0.14-1 s
      expect(seconds, name).toBeGreaterThan(0.1);
      expect(seconds, name).toBeLessThan(1.2);
      expect(Math.max(...wav.samples.map(Math.abs)), name).toBeGreaterThan(0.05);
    }

    const again = path.join(dir, 'again');
    expect((await runCli(['synth', again, '--words', 'go,stop', '--per-word', '12', '--rate', '8000', '--seed', '5'])).code).toBe(0);
    expect(listWavs(path.join(again, 'stop'))).toEqual(listWavs(path.join(out, 'stop')));
    for (const name of listWavs(path.join(out, 'stop'))) {
      expect(readFileSync(path.join(again, 'stop', name)).equals(readFileSync(path.join(out, 'stop', name))), name).toBe(true);
    }
  });

  it('makes data `attune train speech` learns from: a model of two words trained on one seed recognises takes of another', async () => {
    const train = path.join(dir, 'train');
    const test = path.join(dir, 'test');
    expect((await runCli(['synth', train, '--words', 'yes,no', '--per-word', '24', '--seed', '1'])).code).toBe(0);
    expect((await runCli(['synth', test, '--words', 'yes,no', '--per-word', '10', '--seed', '2'])).code).toBe(0);
    const model = path.join(dir, 'yes-no');
    const settings = ['--set', 'dModel=16', '--set', 'numHeads=2', '--set', 'numLayers=1', '--set', 'ffnDim=32', '--set', 'unknownThreshold=0'];
    const trained = await runCli(['train', 'speech', '--data', train, '--out', model, '--epochs', '20', '--batch-size', '8', '--lr', '3e-3', '--val-split', '0', ...settings]);
    expect(trained.code, trained.stderr).toBe(0);
    const evaluated = await runCli(['eval', model, '--data', test, '--json']);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    const accuracy = (jsonLines(evaluated.stdout).at(-1)!['metrics'] as Record<string, number>)['accuracy']!;
    console.log(`synth: yes/no trained on 48 synthetic takes (seed 1), accuracy on 20 others (seed 2) ${accuracy.toFixed(3)}`);
    expect(accuracy).toBeGreaterThanOrEqual(0.8);
  }, 240_000);

  it('refuses bad words and engines with what to do instead', async () => {
    const cases: Array<[string[], string]> = [
      [['--words', ' , '], '--words lists no words; give e.g. --words "yes,no"'],
      [['--words', 'a/b=hello'], 'the label "a/b" becomes a folder name; use one without slashes'],
      [['--words', 'x=,y'], '"x=" needs a label and a text'],
      [['--words', 'yes,yes'], '--words names the label "yes" twice'],
      [['--words', 'yes', '--engines', ' , '], '--engines lists no engines; give one or more of espeak-ng, flite'],
      [['--words', 'yes', '--engines', 'festival'], '--engines: unknown engine "festival"; choose from espeak-ng, flite'],
      [['--words', 'yes', '--per-word', '0'], '--per-word'],
      [['--words', 'yes', '--rate', '100'], 'a sample rate from 4000 to 96000 Hz'],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(['synth', path.join(dir, 'bad'), ...args]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toContain(message);
    }
  });

  it('refuses an <out> that is a file or the root before synthesising anything', async () => {
    const file = path.join(dir, 'a-file.txt');
    writeFileSync(file, 'keep me');
    for (const [out, message] of [[file, /<out> .*a-file\.txt is a file; pass a directory to write into/], ['/', /<out> \/ is the file system root/], [path.join(file, 'x'), /cannot be created: .*a-file\.txt is a file/]] as const) {
      const run = await runCli(['synth', out, '--words', 'yes', '--per-word', '3']);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1); // refused before the first take
      expect(run.stderr).toMatch(message);
    }
    expect(readFileSync(file, 'utf8')).toBe('keep me');
  });

  it('says how to install a synthesiser when none is on the PATH', async () => {
    const env = { ...process.env, PATH: path.join(dir, 'empty-path') };
    const run = await runCli(['synth', path.join(dir, 'none'), '--words', 'yes'], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('attune synth needs espeak-ng or flite on the PATH and found neither (Debian/Ubuntu: sudo apt-get install espeak-ng flite');
    const named = await runCli(['synth', path.join(dir, 'none'), '--words', 'yes', '--engines', 'flite'], { env });
    expect(named.stderr).toContain('--engines: flite is not installed or does not start');
  });
});
