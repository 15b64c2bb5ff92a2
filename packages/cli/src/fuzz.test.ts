// Generated bad input for every loader the CLI uses. Each property is bounded in cases and time and
// prints how many cases ran; every case must end in a result or a clear AttuneError (InputError,
// ArtifactError...), never another exception, a hang, or a NaN in the output.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AttuneError, createArtifact, loadPredictor, type Predictor } from '@attune/core';
import { loadArtifact } from '@attune/node';
import { writeWav } from '@attune/speech';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeRuntime } from './context.js';
import { checkFinitePredictions, NonFiniteOutputError } from './finite.js';
import { recommendAdapter } from './plugins/recommend.js';
import { readClip } from './plugins/speech.js';
import { textAdapter } from './plugins/text.js';
import { runCli } from './test-support/run-cli.js';
import { TINY_TEXT_SETTINGS, writeTinyCsv } from './test-support/tiny-data.js';
import { tempDir, trainTinyTextModel } from './test-support/trained-models.js';

const dir = tempDir('attune-fuzz-');
const runtime = nodeRuntime('cpu');
const counts: Record<string, number> = {};
/** Longest one case may take (ms): far above the slowest legitimate case, so a hang fails the test. */
const CASE_LIMIT_MS = 5_000;

/** Runs a property for at most `numRuns` cases or `seconds`, records and prints how many ran. */
async function fuzz<T>(name: string, arbitrary: fc.Arbitrary<T>, check: (value: T) => Promise<void> | void, numRuns: number, seconds = 30) {
  const property = fc.asyncProperty(arbitrary, async (value) => {
    const started = performance.now();
    await check(value);
    const ms = performance.now() - started;
    if (ms > CASE_LIMIT_MS) throw new Error(`one case took ${ms.toFixed(0)} ms`);
  });
  const details = await fc.check(property, { numRuns, interruptAfterTimeLimit: seconds * 1000, seed: 42 });
  counts[name] = details.numRuns;
  console.log(`fuzz ${name}: ${details.numRuns} cases${details.interrupted ? ' (stopped by the time limit)' : ''}`);
  if (details.failed) throw new Error(`fuzz ${name} failed after ${details.numRuns} cases on ${fc.stringify(details.counterexample)}: ${String(details.errorInstance)}`);
  expect(details.numRuns).toBeGreaterThan(0);
}

/** The call must return or throw an AttuneError; anything else is a bug. */
async function resultOrClearError<T>(run: () => Promise<T> | T): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    if (AttuneError.isInstance(error) || (error as NodeJS.ErrnoException).code === 'ENOENT') {
      expect((error as Error).message.length).toBeGreaterThan(10);
      return undefined;
    }
    throw error;
  }
}

let file = 0;
const writeTemp = (name: string, content: string | Uint8Array) => {
  const p = path.join(dir, `${file++}-${name}`);
  writeFileSync(p, content);
  return p;
};

afterAll(() => console.log('fuzz case counts:', JSON.stringify(counts)));

describe('data loaders', () => {
  it('CSV with broken quoting and wrong columns', async () => {
    const piece = fc.constantFrom('text', 'label', 'card', ',', '"', '""', '\n', '\r\n', ' ', 'é', 'x');
    const csv = fc.array(piece, { maxLength: 60 }).map((parts) => parts.join(''));
    const headed = fc.tuple(fc.constantFrom('text,label\n', 'text,label,extra\n', 'label,text\n', '"text",label\n', 'txt,label\n', ''), csv).map(([h, b]) => h + b);
    await fuzz('csv', headed, async (source) => {
      const examples = await resultOrClearError(() => textAdapter.readExamples(writeTemp('d.csv', source), {}));
      for (const e of examples ?? []) {
        expect(typeof e.text).toBe('string');
        expect(e.text.trim()).not.toBe('');
        expect((e as { label?: string }).label).not.toBe('');
      }
    }, 400);
  });

  it('TSV and JSON lines with arbitrary values, including deeply nested JSON', async () => {
    const deep = fc.integer({ min: 1, max: 200_000 }).map((n) => `{"text": ${'['.repeat(n)}${']'.repeat(n)}, "label": "a"}`);
    const line = fc.oneof(fc.json({ depthSize: 'medium' }), deep, fc.string(), fc.constant('{"text": "ok", "label": "x"}'));
    const jsonl = fc.array(line, { maxLength: 8 }).map((ls) => ls.join('\n'));
    await fuzz('jsonl', jsonl, async (source) => {
      const examples = await resultOrClearError(() => textAdapter.readExamples(writeTemp('d.jsonl', source), {}));
      for (const e of examples ?? []) expect(typeof e.text).toBe('string');
    }, 300);
    const tsv = fc.array(fc.constantFrom('text', 'label', '\t', '\n', 'a', 'b', '"', '\r'), { maxLength: 40 }).map((p) => `text\tlabel\n${p.join('')}`);
    await fuzz('tsv', tsv, async (source) => void (await resultOrClearError(() => textAdapter.readExamples(writeTemp('d.tsv', source), {}))), 300);
  });

  it('interaction logs with missing, extra and non-numeric fields', async () => {
    const field = fc.oneof(fc.constantFrom('1', '2', '10', '-3', '1.5', '1e400', 'NaN', '', '"', '"a,b"', 'x', ' '), fc.nat().map(String));
    const row = fc.tuple(fc.array(field, { maxLength: 6 }), fc.constantFrom(',', '\t')).map(([f, sep]) => f.join(sep));
    const log = fc.tuple(fc.constantFrom('userId,movieId,rating,timestamp\n', 'user,item\n', ''), fc.array(row, { maxLength: 12 })).map(([h, rows]) => h + rows.join('\n'));
    await fuzz('interactions', log, async (source) => {
      const sequences = await resultOrClearError(() => recommendAdapter.readExamples(writeTemp('r.csv', source), {}));
      for (const s of sequences ?? []) expect(s.items.length).toBeGreaterThan(0);
    }, 300);
  });

  it('predict input lines: huge, empty, odd Unicode, deeply nested JSON', async () => {
    const line = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 200 }),
      fc.json(),
      fc.integer({ min: 1, max: 100_000 }).map((n) => `{"text": ${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`),
      fc.integer({ min: 1_000_001, max: 1_200_000 }).map((n) => 'x'.repeat(n)),
    );
    await fuzz('predict-lines', line, async (l) => {
      const text = await resultOrClearError(() => textAdapter.parseInput(l, {}));
      if (text !== undefined) expect(typeof text).toBe('string');
    }, 300);
  });

  it('WAV files with lying sizes, odd formats and cut bytes', async () => {
    const base = writeWav(Float32Array.from({ length: 400 }, (_, i) => Math.sin(i / 5) * 0.5), 8000, 16);
    const offsets = [4, 16, 20, 22, 24, 28, 32, 34, 40]; // RIFF size, fmt size, format, channels, rate, byte rate, align, bits, data size
    const mutation = fc.record({
      field: fc.constantFrom(...offsets),
      value: fc.oneof(fc.constantFrom(0, 1, 0xffffffff, 0x7fffffff, 3, 44, 0xffff), fc.nat()),
      cut: fc.option(fc.nat({ max: base.length }), { nil: undefined }),
      flips: fc.array(fc.tuple(fc.nat({ max: base.length - 1 }), fc.nat({ max: 255 })), { maxLength: 4 }),
    });
    await fuzz('wav', mutation, async ({ field, value, cut, flips }) => {
      const bytes = new Uint8Array(base);
      const view = new DataView(bytes.buffer);
      if (field === 20 || field === 22 || field === 32 || field === 34) view.setUint16(field, value & 0xffff, true);
      else view.setUint32(field, value >>> 0, true);
      for (const [at, b] of flips) bytes[at] = b;
      const clip = await resultOrClearError(() => readClip(writeTemp('c.wav', cut === undefined ? bytes : bytes.subarray(0, cut))));
      if (clip) {
        expect(clip.sampleRate).toBeGreaterThan(0);
        expect(clip.audio.every((s) => Number.isFinite(s))).toBe(true);
      }
    }, 500);
  });
});

describe('models and artifacts', () => {
  let model: string;
  let predictor: Predictor<string, { score: number; scores: Record<string, number> }>;
  beforeAll(async () => {
    model = await trainTinyTextModel(dir, 'model', 4, 1);
    predictor = await loadPredictor(textAdapter.plugin, await loadArtifact(model), runtime);
  }, 240_000);
  afterAll(async () => predictor?.release());

  it('huge, empty and strange texts give finite scores that sum to 1', async () => {
    const text = fc.oneof(
      fc.constantFrom('', ' ', '\u0000', '\uFEFF', '🙂'.repeat(5000), '\u0301'.repeat(1000)),
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.integer({ min: 10_000, max: 200_000 }).map((n) => 'card '.repeat(n / 5)),
    );
    await fuzz('texts', fc.array(text, { minLength: 1, maxLength: 4 }), async (texts) => {
      const predictions = await predictor.predict(texts);
      expect(predictions).toHaveLength(texts.length);
      for (const p of predictions) {
        expect(Number.isFinite(p.score)).toBe(true);
        const total = Object.values(p.scores).reduce((a, b) => a + b, 0);
        expect(Math.abs(total - 1)).toBeLessThan(1e-4);
      }
    }, 60, 60);
  });

  it('random bytes as model.onnx (with hashes that match) are refused with a clear error', async () => {
    const real = await loadArtifact(model);
    const onnx = real.files.get('model.onnx')!;
    const bytes = fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 2000 }),
      fc.nat({ max: onnx.length - 1 }).map((n) => onnx.slice(0, Math.max(1, n))), // truncated
      fc.tuple(fc.nat({ max: onnx.length - 1 }), fc.nat({ max: 255 })).map(([at, b]) => {
        const copy = onnx.slice();
        copy[at] = b;
        return copy;
      }),
    );
    let loaded = 0;
    let nonFinite = 0;
    await fuzz('model-onnx', bytes, async (b) => {
      const artifact = await createArtifact({ plugin: real.manifest.plugin, model: real.manifest.model, preprocessing: real.manifest.preprocessing, onnx: b });
      const p = await resultOrClearError(() => loadPredictor(textAdapter.plugin, artifact, runtime));
      if (!p) return;
      loaded += 1; // a flipped weight byte still makes a valid model: its output must still be a clear result or error
      // the CLI and server check every prediction: a damaged weight that makes NaN is an error, never output
      let out: unknown[] | undefined;
      try {
        out = await resultOrClearError(async () => {
          const predictions = await p.predict(['lost card', 'show my balance']);
          checkFinitePredictions(predictions);
          return predictions;
        });
      } catch (error) {
        if (!(error instanceof NonFiniteOutputError)) throw error;
        nonFinite += 1;
      } finally {
        await p.release();
      }
      if (out) expect(out).toHaveLength(2);
    }, 80, 60);
    console.log(`model-onnx: ${loaded} mutated models still loaded; ${nonFinite} of them gave non-finite output, refused`);
  });

  it('a damaged manifest on disk is refused by name', async () => {
    const manifestText = JSON.stringify((await loadArtifact(model)).manifest);
    const edits = fc.oneof(
      fc.tuple(fc.nat({ max: manifestText.length - 1 }), fc.string({ maxLength: 5 })).map(([at, s]) => manifestText.slice(0, at) + s + manifestText.slice(at + 1)),
      fc.nat({ max: manifestText.length }).map((n) => manifestText.slice(0, n)),
      fc.json().map((j) => j),
      fc.integer({ min: 65, max: 50_000 }).map((n) => manifestText.replace('"preprocessing":{', `"preprocessing":{"x":${'['.repeat(n)}${']'.repeat(n)},`)),
    );
    let i = 0;
    await fuzz('manifest', edits, async (text) => {
      const target = path.join(dir, `manifest-${i++}`);
      mkdirSync(target);
      for (const f of ['model.onnx', 'training-state.json', 'training-state.bin', 'training-curve.svg']) {
        writeFileSync(path.join(target, f), (await loadArtifactFiles()).get(f)!);
      }
      writeFileSync(path.join(target, 'manifest.json'), text);
      await resultOrClearError(() => loadArtifact(target));
    }, 150);
  });

  let files: ReadonlyMap<string, Uint8Array> | undefined;
  const loadArtifactFiles = async () => (files ??= (await loadArtifact(model)).files);
});

// Every numeric flag and model setting has a range, and every setting key must be one the task
// declares: a bad one is exit 2 and one line naming it, before any data is read or step taken.
describe('bad settings and numeric flags', () => {
  const csv = writeTinyCsv(path.join(dir, 'settings.csv'), 60, 3);
  const config = writeTemp('typo.json', JSON.stringify({ dModel: 32, evli: 1 }));
  const train = (task: string, ...extra: string[]) => ['train', task, '--data', task === 'text' ? csv : path.join(dir, 'no-such-data'), '--out', path.join(dir, 'never'), ...extra];
  const cases: Array<[string, () => string[], RegExp]> = [
    ['--lr 1e6', () => train('text', '--lr', '1e6'), /Invalid --lr: got "1e6"; expected a number > 0 and at most 1/],
    ['--lr nan', () => train('text', '--lr', 'nan'), /Invalid --lr: got "nan"/],
    ['--epochs 1e9', () => train('text', '--epochs', '1e9'), /Invalid --epochs: got "1e9"; expected an integer in \[1, 100000\]/],
    ['--batch-size 1e9', () => train('text', '--batch-size', '1e9'), /Invalid --batch-size/],
    ['--seed 1e20', () => train('text', '--seed', '1e20'), /Invalid --seed: got "1e20"; expected an integer in \[0, 4294967295\]/],
    ['--threads 1e6', () => train('text', '--threads', '1e6'), /Invalid --threads/],
    ['--set dModel=1e9', () => train('text', '--set', 'dModel=1e9'), /Invalid dModel: got 1000000000; expected an integer in \[1, 4096\]/],
    ['sizes that cannot fit in memory', () => train('text', '--set', 'dModel=4096', '--set', 'ffnDim=32768', '--set', 'numLayers=64'), /million parameters; the limit is 100 million/],
    ['--set dropout=2', () => train('text', ...TINY_TEXT_SETTINGS, '--set', 'dropout=2'), /Invalid dropout: got 2; expected a number in \[0, 0\.95\]/],
    ['--set pooling=max (no such choice)', () => train('text', '--set', 'pooling=max'), /Invalid pooling: got "max"; expected one of "mean", "cls"/],
    ['--set charNgrams=[3,1e9]', () => train('text', ...TINY_TEXT_SETTINGS, '--set', 'charNgrams=[3,1e9]'), /Invalid charNgrams/],
    ['--set evil=1', () => train('text', '--set', 'evil=1'), /Unknown setting "evil" for text-classifier\. Known settings: vocabSize, .*dModel/],
    ['--set dmodel=64 (a typo)', () => train('text', '--set', 'dmodel=64'), /Unknown setting "dmodel" for text-classifier; did you mean "dModel"\?/],
    ['--config with a typo', () => train('text', '--config', config), /Unknown setting "evli" for text-classifier/],
    ['speech: --set dModle=32', () => train('speech', '--set', 'dModle=32'), /Unknown setting "dModle" for keyword-spotter; did you mean "dModel"\?/],
    ['speech: --set windowSeconds=1e9', () => train('speech', '--set', 'windowSeconds=1e9'), /Invalid windowSeconds/],
    ['recommend: --set negatives=0', () => train('recommend', '--set', 'negatives=0'), /Invalid negatives: got 0; expected an integer in \[1, 1000000\] or "all"/],
    ['recommend: --set block=x', () => train('recommend', '--set', 'block=x'), /Invalid block: got "x"/],
    ['bench --batch-sizes 1,1e9', () => ['bench', path.join(dir, 'no-model'), '--data', csv, '--batch-sizes', '1,1e9'], /--batch-sizes must be integers in \[1, 65536\]/],
    ['bench --seconds 1e9', () => ['bench', path.join(dir, 'no-model'), '--data', csv, '--seconds', '1e9'], /Invalid --seconds/],
    ['eval --batch-size 0', () => ['eval', path.join(dir, 'no-model'), '--data', csv, '--batch-size', '0'], /Invalid --batch-size/],
    ['--epochs 0x10 (hex)', () => train('text', '--epochs', '0x10'), /Invalid --epochs: got "0x10"; expected an integer/],
    ['--seed 0b11 (binary)', () => train('text', '--seed', '0b11'), /Invalid --seed: got "0b11"/],
    ['--lr 0x1 (hex)', () => train('text', '--lr', '0x1'), /Invalid --lr: got "0x1"/],
    ['--val-split "" (empty)', () => train('text', '--val-split', ''), /Invalid --val-split: got ""/],
    ['bench --batch-sizes 0x4', () => ['bench', path.join(dir, 'no-model'), '--data', csv, '--batch-sizes', '0x4'], /--batch-sizes must be integers/],
    ['--set positional={"a":1} (an object)', () => train('text', '--set', 'positional={"a":1}'), /Invalid positional: got \{"a":1\}; expected one of/],
    ['--set dModel=[[32]] (nested arrays)', () => train('text', '--set', 'dModel=[[32]]'), /Invalid dModel: got \[\[32\]\]; expected an integer/],
    ['--set numHeads=3 with dModel=32', () => train('text', '--set', 'dModel=32', '--set', 'numHeads=3'), /Invalid numHeads: got 3; expected a divisor of dModel \(32\), such as 2/],
    ['speech: --set numHeads=5 (default dModel)', () => train('speech', '--set', 'numHeads=5'), /Invalid numHeads: got 5; expected a divisor of dModel/],
    ['serve --max-batch 1e9', () => ['serve', `m=${path.join(dir, 'no-model')}`, '--max-batch', '1e9'], /Invalid --max-batch/],
  ];
  it.each(cases)('%s', async (_name, args, message) => {
    const run = await runCli(args());
    expect(run.code, run.stderr).toBe(2);
    const last = run.stderr.trim().split('\n').at(-1)!;
    expect(last).toMatch(/^attune: /);
    expect(last).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at |internal error/);
  });
});

