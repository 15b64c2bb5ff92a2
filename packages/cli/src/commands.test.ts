// The attune binary end to end, as a CI script runs it: train a tiny text model, then every command on it.
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from './cli.js';
import { jsonLines, runCli, tempDir, type CliResult } from './test-support/run-cli.js';
import { tinyTexts, TINY_TEXT_SETTINGS, toCsv, writeTinyCsv } from './test-support/tiny-data.js';

const dir = tempDir();
const data = writeTinyCsv(path.join(dir, 'train.csv'), 240, 1);
const test = writeTinyCsv(path.join(dir, 'test.csv'), 60, 2);
const model = path.join(dir, 'models/intents');
let trainRun: CliResult;

beforeAll(async () => {
  trainRun = await runCli(['train', 'text', '--data', data, '--out', model, '--epochs', '3', '--seed', '3', '--json', ...TINY_TEXT_SETTINGS]);
  if (trainRun.code !== 0) console.error(trainRun.stderr);
}, 240_000);

describe('attune train', () => {
  it('trains, saves an artifact with a training curve, and reports JSON events', () => {
    expect(trainRun.code).toBe(0);
    const events = jsonLines(trainRun.stdout);
    const types = new Set(events.map((e) => e['type']));
    for (const t of ['info', 'start', 'batch', 'epoch', 'checkpoint', 'end', 'result']) expect(types, t).toContain(t);
    const batch = events.find((e) => e['type'] === 'batch')!;
    for (const k of ['loss', 'examplesPerSecond', 'etaSeconds', 'globalStep', 'totalSteps']) expect(typeof batch[k], k).toBe('number');
    const result = events.at(-1)!;
    expect(result['type']).toBe('result');
    expect(result['curve']).toBe(path.join(model, 'training-curve.svg'));
    expect(readFileSync(result['curve'] as string, 'utf8')).toMatch(/^<svg[\s\S]*<title>val loss<\/title>[\s\S]*<\/svg>\n$/);
    expect((result['metrics'] as Record<string, number>)['accuracy']).toBeGreaterThan(0.9);
    // no checkpoint is left once the artifact (which holds the training state) is saved
    expect(existsSync(`${model}.checkpoint`)).toBe(false);
  });

  it('without --json prints the artifact, the metrics and where the curve is', async () => {
    const out = path.join(dir, 'models/plain');
    const run = await runCli(['train', 'text', '--data', data, '--out', out, '--epochs', '1', ...TINY_TEXT_SETTINGS]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`saved ${out}`);
    expect(run.stdout).toContain(`training curve: ${path.join(out, 'training-curve.svg')}`);
    expect(run.stderr).toMatch(/epoch 1: train loss [\d.]+, val loss [\d.]+, accuracy/);
  });
});

describe('attune eval / predict / inspect / export / bench', () => {
  it('eval scores held-out data', async () => {
    const run = await runCli(['eval', model, '--data', test, '--json']);
    expect(run.code).toBe(0);
    const result = jsonLines(run.stdout).at(-1)!;
    expect((result['metrics'] as Record<string, number>)['accuracy']).toBeGreaterThan(0.9);
    expect(result['examples']).toBe(60);
  });

  it('predict reads stdin and writes one JSON line per input line, in order (a blank line gets an error object)', async () => {
    const input = 'please i lost my card\n{"text": "send money to a friend"}\n\n"show my balance"\n';
    const run = await runCli(['predict', model], { input });
    expect(run.code).toBe(0);
    const lines = jsonLines(run.stdout);
    expect(lines.map((l) => l['label'] ?? l['error'])).toEqual(['card', 'transfer', 'empty input on line 3', 'balance']);
    for (const l of [lines[0]!, lines[1]!, lines[3]!]) expect(Number.isFinite(l['score'])).toBe(true);
  });

  it('predict stops at a bad line with its number (exit 2), or goes on with --keep-going', async () => {
    const input = 'lost card\n{"txt": 1}\nmy balance\n';
    const stopped = await runCli(['predict', model], { input });
    expect(stopped.code).toBe(2);
    expect(stopped.stderr).toContain('stdin:2: A JSON input line needs a "text" string');
    const going = await runCli(['predict', model, '--keep-going'], { input });
    expect(going.code).toBe(0);
    const lines = jsonLines(going.stdout);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatchObject({ line: 2 });
    expect(lines[2]!['label']).toBe('balance');
  });

  it('inspect shows manifest, metrics and sizes', async () => {
    const run = await runCli(['inspect', model, '--json']);
    expect(run.code).toBe(0);
    const info = jsonLines(run.stdout).at(-1)!;
    expect(info['plugin']).toMatchObject({ id: 'text-classifier' });
    expect(info['canContinueTraining']).toBe(true);
    const files = info['files'] as Record<string, number>;
    expect(Object.keys(files).sort()).toEqual(['model.onnx', 'training-curve.svg', 'training-state.bin', 'training-state.json']);
    expect(info['totalBytes']).toBe(Object.values(files).reduce((a, b) => a + b, 0));
    const text = await runCli(['inspect', model]);
    expect(text.stdout).toMatch(/plugin\s+text-classifier/);
  });

  it('export writes fp16 and int8 artifacts whose predictions agree with fp32', async () => {
    const inputs = tinyTexts(30, 9).map((t) => t.text).join('\n');
    const reference = jsonLines((await runCli(['predict', model], { input: inputs })).stdout);
    for (const precision of ['fp16', 'int8']) {
      const out = path.join(dir, `models/intents-${precision}`);
      const run = await runCli(['export', model, '--precision', precision, '--out', out, '--no-training-state', '--json']);
      expect(run.code, run.stderr).toBe(0);
      const info = jsonLines((await runCli(['inspect', out, '--json'])).stdout).at(-1)!;
      expect(info['precision']).toBe(precision);
      expect(info['canContinueTraining']).toBe(false);
      const predicted = jsonLines((await runCli(['predict', out], { input: inputs })).stdout);
      const agree = predicted.filter((p, i) => p['label'] === reference[i]!['label']).length;
      expect(agree / reference.length, precision).toBeGreaterThanOrEqual(0.9);
    }
    const fp16 = jsonLines((await runCli(['inspect', path.join(dir, 'models/intents-fp16'), '--json'])).stdout).at(-1)!;
    const fp32 = jsonLines((await runCli(['inspect', model, '--json'])).stdout).at(-1)!;
    expect((fp16['files'] as Record<string, number>)['model.onnx']).toBeLessThan((fp32['files'] as Record<string, number>)['model.onnx']! * 0.6);
  });

  it('bench reports latency percentiles and throughput per batch size', async () => {
    const out = path.join(dir, 'bench.json');
    const run = await runCli(['bench', model, '--data', test, '--batch-sizes', '1,8', '--seconds', '0.5', '--out', out]);
    expect(run.code).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8')) as { results: Array<Record<string, number>> };
    expect(report.results.map((r) => r['batchSize'])).toEqual([1, 8]);
    for (const r of report.results) {
      expect(r['calls']).toBeGreaterThan(0);
      expect(r['p99Ms']).toBeGreaterThanOrEqual(r['p50Ms']!);
      expect(r['inputsPerSecond']).toBeGreaterThan(0);
    }
    expect(run.stdout).toMatch(/batch\s+calls\s+inputs\/s\s+p50 ms\s+p99 ms/);
  });
});

describe('exit codes and help', () => {
  it('bad input exits 2 with a message that says what to fix', async () => {
    const broken = path.join(dir, 'broken.csv');
    writeFileSync(broken, 'text,label\n"never closed,card\n');
    const cases: Array<[string[], RegExp]> = [
      [['train', 'text', '--data', broken, '--out', path.join(dir, 'x')], /broken\.csv:2: a quoted field is never closed/],
      [['train', 'nope', '--data', data, '--out', path.join(dir, 'x')], /Unknown task "nope"; known: text \(text-classifier\), speech/],
      [['train', 'text', '--data', path.join(dir, 'missing.csv'), '--out', path.join(dir, 'x')], /ENOENT/],
      [['train', 'text', '--data', data, '--out', path.join(dir, 'x'), '--epochs', '0'], /Invalid --epochs: got "0"; expected an integer in \[1, 100000\]/],
      [['train', 'text', '--out', path.join(dir, 'x')], /required option '--data <path>' not specified/],
      [['inspect', path.join(dir, 'no-such-model')], /No artifact at/],
      [['predict', data], /No artifact|not a directory|manifest/],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toMatch(message);
      expect(run.stderr).not.toContain('internal error');
    }
  });

  it('a truncated, altered or escaping artifact is refused naming the file (exit 2)', async () => {
    const copy = (name: string) => {
      const target = path.join(dir, name);
      cpSync(model, target, { recursive: true });
      return target;
    };
    const truncated = copy('truncated');
    const onnx = readFileSync(path.join(truncated, 'model.onnx'));
    writeFileSync(path.join(truncated, 'model.onnx'), onnx.subarray(0, onnx.length >> 1));
    const altered = copy('altered');
    const state = readFileSync(path.join(altered, 'training-state.bin'));
    state[7]! ^= 1;
    writeFileSync(path.join(altered, 'training-state.bin'), state);
    const escaping = copy('escaping');
    const manifest = JSON.parse(readFileSync(path.join(escaping, 'manifest.json'), 'utf8'));
    manifest.files['../../etc/passwd'] = { sha256: '0'.repeat(64), bytes: 1 };
    writeFileSync(path.join(escaping, 'manifest.json'), JSON.stringify(manifest));
    const future = copy('future');
    writeFileSync(path.join(future, 'manifest.json'), JSON.stringify({ ...manifest, formatVersion: 9 }));
    const cases: Array<[string, RegExp]> = [
      [truncated, new RegExp(`Artifact file model.onnx has ${onnx.length >> 1} bytes; the manifest says ${onnx.length}`)],
      [altered, /Artifact file training-state\.bin is damaged or was altered/],
      [escaping, /Artifact file path "\.\.\/\.\.\/etc\/passwd" is refused/],
      [future, /artifact format version 9 is not supported/],
    ];
    for (const [artifact, message] of cases) {
      for (const command of [['inspect', artifact], ['predict', artifact]]) {
        const run = await runCli(command, { input: 'lost card\n' });
        expect(run.code, command.join(' ')).toBe(2);
        expect(run.stderr).toMatch(message);
      }
    }
  });

  it('--json reports a failure as an error event too', async () => {
    const run = await runCli(['inspect', path.join(dir, 'no-such-model'), '--json']);
    expect(run.code).toBe(2);
    expect(jsonLines(run.stdout).at(-1)).toMatchObject({ type: 'error', exitCode: 2, name: 'ArtifactError' });
  });

  it('every command has --help with an example', async () => {
    // in-process: the help path is the same code, without a process start per command
    const help = async (args: string[]) => {
      let text = '';
      const sink = { write: (s: string) => ((text += s), true) } as unknown as NodeJS.WritableStream;
      const code = await main(args, { stdout: sink, stderr: sink });
      return { code, text };
    };
    for (const command of ['train', 'eval', 'predict', 'export', 'inspect', 'bench', 'serve', 'synth', 'plugins']) {
      const run = await help([command, '--help']);
      expect(run.code, command).toBe(0);
      expect(run.text, command).toMatch(new RegExp(`Usage: attune ${command}[\\s\\S]*Example:\\n  .*attune ${command}`));
    }
    const top = await help(['--help']);
    expect(top.text).toMatch(/train[\s\S]*eval[\s\S]*predict[\s\S]*export[\s\S]*inspect[\s\S]*bench[\s\S]*serve[\s\S]*synth/);
    expect((await help(['trian'])).code).toBe(2); // a typo is a usage error
  });
});

it('tiny data helper makes the CSV the tests train on', () => {
  expect(toCsv([{ text: 'a, "b"', label: 'x' }])).toBe('text,label\n"a, ""b""",x\n');
});
