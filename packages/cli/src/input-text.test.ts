// How the CLI reads text it is given: data files and predict input are decoded strictly (invalid
// bytes are refused with file, line and column; --encoding names another encoding), and predict
// answers every input line, a blank one included, so output line n is about input line n.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { jsonLines, runCli, tempDir } from './test-support/run-cli.js';
import { tinyTexts, TINY_TEXT_SETTINGS, toCsv } from './test-support/tiny-data.js';
import { trainTinyTextModel } from './test-support/trained-models.js';

const dir = tempDir();
let model: string;

/** Tiny intent data whose card/transfer labels are café and cafè, as `encoding` bytes. */
function accentedCsv(file: string, encoding: BufferEncoding): string {
  const labels: Record<string, string> = { card: 'café', transfer: 'cafè', balance: 'balance' };
  writeFileSync(file, Buffer.from(toCsv(tinyTexts(240, 4).map((t) => ({ text: t.text, label: labels[t.label]! }))), encoding));
  return file;
}

beforeAll(async () => {
  model = await trainTinyTextModel(dir, 'intents', 5);
}, 240_000);

describe('data files are decoded strictly', () => {
  it('refuses invalid UTF-8 with file, line and column (train, eval, bench) instead of merging café and cafè', async () => {
    const latin1 = accentedCsv(path.join(dir, 'latin1.csv'), 'latin1');
    const jsonl = path.join(dir, 'latin1.jsonl');
    writeFileSync(jsonl, Buffer.concat([Buffer.from('{"text": "a", "label": "caf'), Buffer.from([0xe9]), Buffer.from('"}\n')]));
    const runs = [
      ['train', 'text', '--data', latin1, '--out', path.join(dir, 'never')],
      ['eval', model, '--data', latin1],
      ['bench', model, '--data', latin1],
    ];
    for (const args of runs) {
      const run = await runCli(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(/latin1\.csv:2:\d+: not valid utf-8 text \(byte 0xE9\)\. Save it as UTF-8, or name its encoding with --encoding \(e\.g\. --encoding latin1/);
      expect(run.stderr).not.toContain('internal error');
    }
    const json = await runCli(['train', 'text', '--data', jsonl, '--out', path.join(dir, 'never')]);
    expect(json.stderr).toMatch(/latin1\.jsonl:1:28: not valid utf-8 text \(byte 0xE9\)/);
  });

  it('--encoding decodes latin1 and UTF-16 files, keeping café and cafè apart; a UTF-8 BOM is accepted', async () => {
    const latin1 = accentedCsv(path.join(dir, 'accented-latin1.csv'), 'latin1');
    const out = path.join(dir, 'accented');
    const run = await runCli(['train', 'text', '--data', latin1, '--encoding', 'latin1', '--out', out, '--epochs', '1', ...TINY_TEXT_SETTINGS]);
    expect(run.code, run.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { preprocessing: { labels: string[] } };
    expect(manifest.preprocessing.labels.sort()).toEqual(['balance', 'cafè', 'café']);
    const utf16 = path.join(dir, 'accented-utf16.csv');
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(toCsv(tinyTexts(30, 6).map((t) => ({ text: t.text, label: t.label === 'card' ? 'café' : t.label === 'transfer' ? 'cafè' : 'balance' }))), 'utf16le')]));
    const evalRun = await runCli(['eval', out, '--data', utf16, '--encoding', 'utf-16le', '--json']);
    expect(evalRun.code, evalRun.stderr).toBe(0);
    expect(jsonLines(evalRun.stdout).at(-1)!['examples']).toBe(30);
    // the same UTF-16 file without --encoding is refused, naming what it looks like
    const wrong = await runCli(['eval', out, '--data', utf16]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/accented-utf16\.csv:1:1: not valid utf-8 text .*UTF-16 byte-order mark \(utf-16le\)/);
    const bom = path.join(dir, 'bom.csv');
    writeFileSync(bom, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(toCsv(tinyTexts(30, 7)), 'utf8')]));
    expect((await runCli(['eval', model, '--data', bom])).code).toBe(0);
  });

  it('refuses an unknown --encoding before reading anything', async () => {
    for (const args of [['train', 'text', '--data', 'x.csv', '--out', 'y'], ['predict', model]]) {
      const run = await runCli([...args, '--encoding', 'klingon']);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/Invalid --encoding: got "klingon"; expected a text encoding such as utf-8/);
    }
  });
});

describe('predict input', () => {
  it('answers every input line, a blank one with an error object, from stdin and from a file, CRLF too', async () => {
    const input = 'i lost my card\n\n   \nshow my balance\n\n';
    const file = path.join(dir, 'inputs.txt');
    writeFileSync(file, input.replaceAll('\n', '\r\n'));
    for (const args of [['predict', model], ['predict', model, '--input', file], ['predict', model, '--json']]) {
      const run = await runCli(args, { input });
      expect(run.code, run.stderr).toBe(0);
      const lines = jsonLines(run.stdout);
      expect(lines.map((l) => l['label'] ?? l['error']), args.join(' ')).toEqual(['card', 'empty input on line 2', 'empty input on line 3', 'balance', 'empty input on line 5']);
      expect(lines[1]).toEqual({ line: 2, error: 'empty input on line 2' });
      expect(run.stderr).toContain('predicted 2 inputs, 3 empty lines');
    }
    // with --keep-going a refused line keeps its place as well
    const going = await runCli(['predict', model, '--keep-going'], { input: '\n{"txt": 1}\nmy balance' });
    expect(jsonLines(going.stdout).map((l) => l['line'] ?? l['label'])).toEqual([1, 2, 'balance']);
  });

  it('refuses input bytes that are not valid text, naming the line; --encoding reads latin1 input', async () => {
    const bytes = Buffer.concat([Buffer.from('i lost my card\ncaf'), Buffer.from([0xe9]), Buffer.from(' balance\n')]);
    const file = path.join(dir, 'latin1.txt');
    writeFileSync(file, bytes);
    const refused = await runCli(['predict', model, '--input', file]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/latin1\.txt:2:4: not valid utf-8 text \(byte 0xE9\)/);
    expect(jsonLines(refused.stdout)).toHaveLength(1); // the line before it was answered
    const decoded = await runCli(['predict', model, '--input', file, '--encoding', 'latin1']);
    expect(decoded.code, decoded.stderr).toBe(0);
    expect(jsonLines(decoded.stdout)).toHaveLength(2);
  });
});
