// An inference-only artifact (export --no-training-state) is refused by export and eval, which need
// its training state, with what to do instead in the CLI's words, not core's API.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from './test-support/run-cli.js';
import { writeTinyCsv } from './test-support/tiny-data.js';
import { trainTinyTextModel } from './test-support/trained-models.js';

const dir = tempDir('attune-inference-only-');
const data = writeTinyCsv(path.join(dir, 'data.csv'), 60, 2);
let lean: string;

beforeAll(async () => {
  const model = await trainTinyTextModel(dir, 'model', 2, 1);
  lean = path.join(dir, 'lean');
  const run = await runCli(['export', model, '--out', lean, '--no-training-state']);
  if (run.code !== 0) throw new Error(run.stderr);
}, 240_000);

describe('an inference-only artifact', () => {
  it('is refused by export (its weights are rebuilt from the training state) with what to export instead', async () => {
    const run = await runCli(['export', lean, '--out', path.join(dir, 'lean-fp16'), '--precision', 'fp16']);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr.trim().split('\n').at(-1)).toBe(
      'attune: This artifact is inference-only (exported with --no-training-state), and exporting needs its training state; export the artifact it was exported from.',
    );
  });

  it('is refused by eval with exit 2 and what to evaluate instead', async () => {
    const run = await runCli(['eval', lean, '--data', data]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr.trim().split('\n').at(-1)).toBe(
      'attune: This artifact is inference-only (exported with --no-training-state), and evaluating needs its training state; evaluate the artifact it was exported from.',
    );
  });
});
