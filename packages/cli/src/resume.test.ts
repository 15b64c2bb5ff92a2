// `attune train --resume` after kill -9: the run continues from its last checkpoint and ends with
// exactly the model an uninterrupted run with the same seed makes.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { BIN, PACKAGE_ROOT, runCli, tempDir } from './test-support/run-cli.js';
import { TINY_TEXT_SETTINGS, writeTinyCsv } from './test-support/tiny-data.js';

const dir = tempDir('attune-resume-');
const data = writeTinyCsv(path.join(dir, 'train.csv'), 240, 5);
// One training thread: the same model bit for bit needs the same summation order in both runs, and
// ONNX Runtime splits work across threads by the machine's core count.
const settings = ['--epochs', '3', '--seed', '11', '--checkpoint-every', '2', '--batch-size', '16', '--threads', '1', ...TINY_TEXT_SETTINGS];
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Starts a training run and SIGKILLs it once it has reported `killAfterStep` steps; resolves with the last step it saw. */
function trainAndKill(out: string, extra: string[], killAfterStep: number, signal: NodeJS.Signals = 'SIGKILL'): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'train', 'text', '--data', data, '--out', out, '--json', ...settings, ...extra], { cwd: PACKAGE_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let buffer = '';
    let lastStep = 0;
    let killed = false;
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      stderr += d.toString(); // --json puts the "how to resume" note on stdout
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        const event = JSON.parse(line) as { type: string; globalStep?: number };
        if (event.type === 'batch') lastStep = event.globalStep!;
        if (!killed && lastStep >= killAfterStep) {
          killed = true;
          child.kill(signal); // SIGKILL: no chance to checkpoint or clean up
        }
      }
    });
    child.on('error', reject);
    child.on('close', (code, got) => {
      if (signal === 'SIGKILL' && got === 'SIGKILL') resolve(lastStep);
      // SIGTERM: the run checkpoints, says how to resume, and exits 130
      else if (signal !== 'SIGKILL' && killed && code === 130 && stderr.includes('--resume')) resolve(lastStep);
      else reject(new Error(`the run ended with code ${code} / ${got} (killed: ${killed}): ${stderr.slice(-500)}`));
    });
  });
}

it('a run killed twice with SIGKILL, stopped once with SIGTERM, and resumed ends with the same model as an uninterrupted run', async () => {
  const whole = path.join(dir, 'whole');
  const first = await runCli(['train', 'text', '--data', data, '--out', whole, ...settings]);
  expect(first.code, first.stderr).toBe(0);

  const resumed = path.join(dir, 'resumed');
  const killedAt1 = await trainAndKill(resumed, [], 5); // mid-epoch 1, between checkpoints
  expect(existsSync(path.join(`${resumed}.checkpoint`, 'checkpoint.json'))).toBe(true);
  expect(existsSync(resumed), 'no artifact from a killed run').toBe(false);
  const killedAt2 = await trainAndKill(resumed, ['--resume'], 25); // in epoch 2 of the resumed run
  const stoppedAt = await trainAndKill(resumed, ['--resume'], 31, 'SIGTERM'); // a polite stop checkpoints first
  const last = await runCli(['train', 'text', '--data', data, '--out', resumed, '--json', '--resume', ...settings]);
  expect(last.code, last.stderr).toBe(0);
  const start = last.stdout.split('\n').map((l) => (l ? JSON.parse(l) : {})).find((e) => e.type === 'start');
  console.log(`killed at steps ${killedAt1} and ${killedAt2}, stopped by SIGTERM at ${stoppedAt}; the last run resumed from`, start.resumedFrom);
  expect(start.resumedFrom.globalStep).toBeGreaterThanOrEqual(stoppedAt);
  expect(start.resumedFrom.globalStep).toBeGreaterThan(0);

  for (const file of ['model.onnx', 'training-state.bin', 'training-state.json']) {
    expect(sha(path.join(resumed, file)), file).toBe(sha(path.join(whole, file)));
  }
  const metrics = (p: string) => JSON.parse(readFileSync(path.join(p, 'manifest.json'), 'utf8')).metrics;
  expect(metrics(resumed)).toEqual(metrics(whole));
});

it('--resume with other settings is refused as bad input (exit 2), not silently mixed', async () => {
  const out = path.join(dir, 'mismatch');
  await trainAndKill(out, [], 3);
  const run = await runCli(['train', 'text', '--data', data, '--out', out, '--resume', ...settings, '--batch-size', '8']);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('belongs to a different run');
  // the advice is in flags, not core's API (checkpoint.resume = false)
  expect(run.stderr.trim().split('\n').at(-1)).toMatch(new RegExp(`differ\\)\\. Delete ${out}\\.checkpoint or train without --resume to start over\\.$`));
  expect(run.stderr).not.toContain('checkpoint.resume');
});

it('--resume from a checkpoint with one flipped byte is refused (exit 2, one line naming the file), not resumed into another model', async () => {
  const out = path.join(dir, 'flipped');
  await trainAndKill(out, [], 5, 'SIGTERM');
  const checkpointDir = `${out}.checkpoint`;
  const binary = path.join(checkpointDir, JSON.parse(readFileSync(path.join(checkpointDir, 'checkpoint.json'), 'utf8')).binary as string);
  const bytes = readFileSync(binary);
  bytes[bytes.length >> 1]! ^= 0x01; // one low mantissa bit of one weight or moment: a finite, plausible number
  writeFileSync(binary, bytes);
  const run = await runCli(['train', 'text', '--data', data, '--out', out, '--resume', ...settings]);
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stderr.trim().split('\n').at(-1)).toBe(
    `attune: Checkpoint file ${binary} is damaged: its SHA-256 does not match the one checkpoint.json recorded; delete ${checkpointDir} or train without --resume.`,
  );
  expect(existsSync(out), 'no artifact from a refused resume').toBe(false);
});
