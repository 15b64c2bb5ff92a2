// An artifact whose hashes all match but whose model.onnx does not belong to its manifest (another
// model's file, labels cut from the manifest) is refused by every command that loads one, with
// exit 2 and one line naming the difference, never a runtime stack or wrong scores.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { withConfigEdited, withForeignModel, withLabelsCut } from './test-support/mismatched-artifacts.js';
import { runCli, tempDir, type CliResult } from './test-support/run-cli.js';
import { TINY_TEXT_SETTINGS, writeTinyCsv } from './test-support/tiny-data.js';
import { trainTinyTextModel } from './test-support/trained-models.js';

const dir = tempDir('attune-mismatch-');
const data = writeTinyCsv(path.join(dir, 'eval.csv'), 30, 9);
let foreign: string;
let cut: string;
let huge: string;

beforeAll(async () => {
  const model = await trainTinyTextModel(dir, 'model', 1, 1);
  // another model: no n-gram branch and a longer maxLength, so its graph takes other inputs and its tables differ
  const other = path.join(dir, 'other');
  const run = await runCli(['train', 'text', '--data', writeTinyCsv(path.join(dir, 'other.csv'), 120, 2), '--out', other, '--epochs', '1',
    ...TINY_TEXT_SETTINGS, '--set', 'maxLength=24', '--set', 'ngramVocabSize=0']);
  if (run.code !== 0) throw new Error(run.stderr);
  foreign = await withForeignModel(model, other, path.join(dir, 'foreign'));
  cut = await withLabelsCut(model, path.join(dir, 'cut'), 2);
  huge = await withConfigEdited(model, path.join(dir, 'huge'), { dModel: 1e9 });
}, 240_000);

function expectRefusal(run: CliResult, ...details: RegExp[]): void {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stdout).toBe('');
  const lines = run.stderr.trim().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^attune: model\.onnx does not match manifest\.json \(plugin text-classifier\): /);
  for (const d of details) expect(lines[0]).toMatch(d);
  expect(run.stderr).not.toMatch(/\n\s+at |onnxruntime|Error:/);
}

describe('a model.onnx that does not fit its manifest', () => {
  const commands = (artifact: () => string): Array<[string, () => string[]]> => [
    ['inspect', () => ['inspect', artifact()]],
    ['predict', () => ['predict', artifact()]],
    ['eval', () => ['eval', artifact(), '--data', data]],
    ['export', () => ['export', artifact(), '--out', path.join(dir, `export-${path.basename(artifact())}`), '--precision', 'fp16']],
    ['bench', () => ['bench', artifact(), '--data', data]],
    ['serve', () => ['serve', `m=${artifact()}`, '--port', '0']], // refused at start-up, so it exits instead of listening
  ];

  for (const [name, args] of commands(() => foreign)) {
    it(`another model's file, hash updated: ${name} refuses it`, async () => {
      expectRefusal(await runCli(args(), { input: 'lost my card\n', timeoutMs: 60_000 }),
        /the graph takes inputs the plugin does not feed|the graph has no input "ngrams"/,
        /positional\.table has 24 rows, the maximum length \(preprocessing\.maxLength\) needs 16/);
    });
  }

  for (const [name, args] of commands(() => cut)) {
    it(`labels cut to fewer than the model's outputs: ${name} refuses it`, async () => {
      expectRefusal(await runCli(args(), { input: 'lost my card\n', timeoutMs: 60_000 }), /axis 1 of output "logits" is 3, the manifest needs 2/);
    });
  }
});

it('a manifest whose model.config was edited to dModel=1e9: eval and export refuse it before rebuilding the model', async () => {
  for (const args of [['eval', huge, '--data', data], ['export', huge, '--out', path.join(dir, 'export-huge')]]) {
    const run = await runCli(args);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr.trim()).toBe("attune: The artifact's model.config is not usable by text-classifier: Invalid dModel: got 1000000000; expected an integer in [1, 4096].");
  }
});

