// Output paths are checked before any work: a bad --out, --checkpoint-dir, --onnx or report file is
// refused with exit 2 and one line before the first training step (or the model rebuild, or the
// timed runs), and nothing that is there already is touched.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { jsonLines, runCli, tempDir, type CliResult } from './test-support/run-cli.js';
import { TINY_TEXT_SETTINGS, writeTinyCsv } from './test-support/tiny-data.js';
import { trainTinyTextModel } from './test-support/trained-models.js';

const dir = tempDir('attune-outputs-');
const data = writeTinyCsv(path.join(dir, 'train.csv'), 240, 1);
const aFile = path.join(dir, 'a-file.txt');
const folder = path.join(dir, 'my-photos');
let model: string;

beforeAll(async () => {
  writeFileSync(aFile, 'keep me');
  mkdirSync(folder);
  writeFileSync(path.join(folder, 'holiday.jpg'), 'keep me too');
  model = await trainTinyTextModel(dir, 'model', 1, 1);
}, 240_000);

/** Exit 2, one `attune:` line matching `message`, and (with --json) not a single training event. */
function expectRefusedUpFront(run: CliResult, message: RegExp): void {
  expect(run.code, run.stderr).toBe(2);
  const lines = run.stderr.trim().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^attune: /);
  expect(lines[0]).toMatch(message);
  expect(jsonLines(run.stdout).filter((e) => e['type'] !== 'info' && e['type'] !== 'error')).toEqual([]);
}

const train = (...extra: string[]) => runCli(['train', 'text', '--data', data, '--epochs', '1', '--json', ...TINY_TEXT_SETTINGS, ...extra]);

describe('attune train refuses a bad output path before the first step', () => {
  it.each([
    ['a file', () => aFile, /--out .*a-file\.txt is a file, not a directory; refusing to write an artifact there/],
    ['a folder that is not an artifact', () => folder, /--out .*my-photos is a non-empty directory without manifest\.json, not an artifact/],
    ['the file system root', () => '/', /--out \/ is the file system root/],
    ['a path under a file', () => path.join(aFile, 'model'), /--out .*a-file\.txt\/model cannot be created: .*a-file\.txt is a file/],
  ])('--out %s', async (_name, out, message) => {
    expectRefusedUpFront(await train('--out', out()), message);
    expect(readdirSync(folder)).toEqual(['holiday.jpg']);
  });

  it('--checkpoint-dir a folder of other files (which a fresh run would otherwise delete)', async () => {
    expectRefusedUpFront(await train('--out', path.join(dir, 'x'), '--checkpoint-dir', folder), /checkpoint directory .*my-photos holds files that are not checkpoint files \(holiday\.jpg\)/);
    expect(readdirSync(folder)).toEqual(['holiday.jpg']);
  });

  it('--checkpoint-dir a file, or the same directory as --out', async () => {
    expectRefusedUpFront(await train('--out', path.join(dir, 'y'), '--checkpoint-dir', aFile), /checkpoint directory .*a-file\.txt is a file/);
    const out = path.join(dir, 'z');
    expectRefusedUpFront(await train('--out', out, '--checkpoint-dir', out), /--out .*z and --checkpoint-dir .*z overlap/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('export and bench refuse a bad output path before the work', () => {
  it('attune export --out a folder that is not an artifact, --onnx a directory', async () => {
    expectRefusedUpFront(await runCli(['export', model, '--out', folder, '--precision', 'fp16']), /--out .*my-photos is a non-empty directory without manifest\.json/);
    expectRefusedUpFront(await runCli(['export', model, '--out', path.join(dir, 'e'), '--onnx', folder]), /--onnx .*my-photos is a directory; pass a file path/);
    expect(existsSync(path.join(dir, 'e'))).toBe(false);
  });

  it('attune bench --out a directory or a path under a file', async () => {
    expectRefusedUpFront(await runCli(['bench', model, '--data', data, '--out', folder]), /--out .*my-photos is a directory/);
    expectRefusedUpFront(await runCli(['bench', model, '--data', data, '--out', path.join(aFile, 'r.json')]), /cannot be created: .*a-file\.txt is a file/);
  });
});

describe('no command writes inside an artifact directory', () => {
  const untouched = () => readdirSync(model).sort();
  it.each([
    ['export --onnx over the source artifact\'s model.onnx', () => ['export', model, '--out', path.join(dir, 'f'), '--onnx', path.join(model, 'model.onnx')], /--onnx .*model\.onnx is inside the artifact .*model; writing there would damage it/],
    ['bench --out over an artifact\'s manifest.json', () => ['bench', model, '--data', data, '--out', path.join(model, 'manifest.json')], /--out .*manifest\.json is inside the artifact/],
    ['export --out nested in an artifact', () => ['export', model, '--out', path.join(model, 'fp16'), '--precision', 'fp16'], /--out .*fp16 is inside the artifact/],
    ['train --out nested in an artifact', () => ['train', 'text', '--data', data, '--epochs', '1', ...TINY_TEXT_SETTINGS, '--out', path.join(model, 'again')], /--out .*again is inside the artifact/],
    ['train --checkpoint-dir in an artifact', () => ['train', 'text', '--data', data, '--epochs', '1', ...TINY_TEXT_SETTINGS, '--out', path.join(dir, 'g'), '--checkpoint-dir', path.join(model, 'ckpt')], /--checkpoint-dir .*ckpt is inside the artifact/],
    ['synth into an artifact', () => ['synth', model, '--words', 'yes,no', '--per-word', '1'], /<out> .*model is the artifact/],
  ])('%s', async (_name, args, message) => {
    const before = untouched();
    expectRefusedUpFront(await runCli(args()), message);
    expect(untouched()).toEqual(before);
    expect((await runCli(['inspect', model])).code).toBe(0);
  });

  it('export --onnx inside the new --out artifact (a stray file in it)', async () => {
    const out = path.join(dir, 'h');
    expectRefusedUpFront(await runCli(['export', model, '--out', out, '--onnx', path.join(out, 'bare.onnx')]), /--out .*h and --onnx .*bare\.onnx overlap/);
    expect(existsSync(out)).toBe(false);
  });

  it('bench --seconds far below one call still times one call: no NaN figure', async () => {
    const run = await runCli(['bench', model, '--data', data, '--batch-sizes', '1', '--seconds', '1e-300', '--warmup', '0', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const [result] = jsonLines(run.stdout).filter((e) => e['type'] === 'result') as Array<{ results: Array<Record<string, number>> }>;
    expect(result!.results[0]!['calls']).toBe(1);
    for (const value of Object.values(result!.results[0]!)) expect(Number.isFinite(value)).toBe(true);
  });

  it('export --out the source artifact itself still replaces it whole', async () => {
    const copy = path.join(dir, 'copy');
    expect((await runCli(['export', model, '--out', copy])).code).toBe(0);
    const run = await runCli(['export', copy, '--out', copy, '--precision', 'fp16']);
    expect(run.code, run.stderr).toBe(0);
    expect((await runCli(['inspect', copy, '--json'])).stdout).toMatch(/"precision":"fp16"/);
  });
});
