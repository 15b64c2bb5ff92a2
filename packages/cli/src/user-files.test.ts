// Paths the user names as input files may be anything: a directory, an endless device, a pipe, a
// config saved with a byte-order mark. Each is read (bounded) or refused with exit 2 and one line
// naming it; none hangs, fills memory or aborts the process.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, type CliResult } from './test-support/run-cli.js';
import { TINY_TEXT_SETTINGS, writeTinyCsv } from './test-support/tiny-data.js';
import { trainTinyTextModel } from './test-support/trained-models.js';

const dir = tempDir('attune-user-files-');
const data = writeTinyCsv(path.join(dir, 'train.csv'), 120, 1);
const folder = path.join(dir, 'folder.csv');
let model: string;

beforeAll(async () => {
  mkdirSync(folder);
  model = await trainTinyTextModel(dir, 'model', 1, 1);
}, 240_000);

function expectRefused(run: CliResult, message: RegExp): void {
  expect(run.code, run.stderr).toBe(2);
  const last = run.stderr.trim().split('\n').at(-1)!;
  expect(last).toMatch(/^attune: /);
  expect(last).toMatch(message);
  expect(run.stderr).not.toContain('internal error');
}

const out = () => path.join(dir, `out-${Math.random().toString(36).slice(2)}`);

describe('input files that are not plain files', () => {
  it.each([
    ['train --data /dev/zero', () => ['train', 'text', '--data', '/dev/zero', '--out', out()], /\/dev\/zero has more than 512000000 bytes/],
    ['train --config /dev/zero', () => ['train', 'text', '--data', data, '--out', out(), '--config', '/dev/zero'], /\/dev\/zero has more than 1048576 bytes/],
    ['predict --input /dev/zero', () => ['predict', model, '--input', '/dev/zero'], /\/dev\/zero:1: a line longer than 67108864 bytes/],
    ['train --data a directory', () => ['train', 'text', '--data', folder, '--out', out()], /folder\.csv is a directory; give a file/],
    ['train --config a directory', () => ['train', 'text', '--data', data, '--out', out(), '--config', dir], /is a directory; give a file/],
    ['eval --data a directory', () => ['eval', model, '--data', folder], /folder\.csv is a directory; give a file/],
    ['predict --input a directory', () => ['predict', model, '--input', dir], /--input .* is a directory; give a file with one input per line/],
  ])('%s is refused by name', async (_name, args, message) => {
    expectRefused(await runCli(args(), { timeoutMs: 120_000 }), message);
  });

  it('a speech list file naming a clip that does not exist is refused with the list file and line', async () => {
    const list = path.join(dir, 'clips.tsv');
    writeFileSync(list, '# path<TAB>label\nno/such.wav\tyes\n');
    expectRefused(await runCli(['train', 'speech', '--data', list, '--out', out()]), /clips\.tsv:2: .*no\/such\.wav does not exist \(paths in a list file are relative to it\)/);
    // a text CSV given to the speech task reads as a list file: its header line names no clip
    expectRefused(await runCli(['train', 'speech', '--data', data, '--out', out()]), /train\.csv:1: .*text does not exist/);
  });

  it('a named pipe is read to its end', async () => {
    const fifo = path.join(dir, 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    const writer = import('node:fs/promises').then((fs) => fs.writeFile(fifo, 'text,label\nlost my card,card\nsend money,transfer\n'));
    const run = await runCli(['train', 'text', '--data', fifo, '--out', out(), '--epochs', '1', ...TINY_TEXT_SETTINGS]);
    await writer;
    expect(run.code, run.stderr).toBe(0);
  });

  it('a --config file saved with a byte-order mark is read', async () => {
    const config = path.join(dir, 'bom.json');
    writeFileSync(config, `\ufeff${JSON.stringify({ dModel: 32, numHeads: 2 })}`);
    const run = await runCli(['train', 'text', '--data', data, '--out', out(), '--epochs', '1', '--config', config, ...TINY_TEXT_SETTINGS]);
    expect(run.code, run.stderr).toBe(0);
  });
});
