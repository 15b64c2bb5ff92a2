// Tiny text models trained once per test file through the real CLI.
import path from 'node:path';
import { runCli, tempDir } from './run-cli.js';
import { TINY_TEXT_SETTINGS, writeTinyCsv } from './tiny-data.js';

/** Trains a tiny intent model at `<dir>/<name>` with `seed`; throws with the CLI's stderr if it fails. */
export async function trainTinyTextModel(dir: string, name: string, seed: number, epochs = 2): Promise<string> {
  const data = writeTinyCsv(path.join(dir, `${name}.csv`), 240, seed);
  const out = path.join(dir, name);
  const run = await runCli(['train', 'text', '--data', data, '--out', out, '--epochs', String(epochs), '--seed', String(seed), ...TINY_TEXT_SETTINGS]);
  if (run.code !== 0) throw new Error(`training ${name} failed (exit ${run.code}):\n${run.stderr}`);
  return out;
}

export { tempDir };
