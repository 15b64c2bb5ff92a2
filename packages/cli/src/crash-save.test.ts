// `attune train --out <existing artifact>` killed with SIGKILL while it exports and saves: the
// directory always holds a complete artifact, the previous one or the new one, never a mix.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { loadArtifact } from '@attune/node';
import { expect, it } from 'vitest';
import { BIN, PACKAGE_ROOT, runCli, tempDir } from './test-support/run-cli.js';
import { TINY_TEXT_SETTINGS, writeTinyCsv } from './test-support/tiny-data.js';

// a wider model than the other tests use makes the files big enough (~25 MB) that saving takes a while
const SETTINGS = [...TINY_TEXT_SETTINGS, '--set', 'dModel=256', '--set', 'ffnDim=1024', '--set', 'numLayers=2', '--epochs', '1'];

it('a save killed at any moment leaves the previous or the new artifact, valid', async () => {
  const dir = tempDir('attune-crash-');
  const data = writeTinyCsv(path.join(dir, 'train.csv'), 120, 8);
  const out = path.join(dir, 'model');
  const first = await runCli(['train', 'text', '--data', data, '--out', out, ...SETTINGS]);
  expect(first.code, first.stderr).toBe(0);
  const outcomes: string[] = [];
  for (const delayMs of [0, 100, 400]) {
    const before = (await loadArtifact(out)).manifest.createdAt;
    const child = spawn(process.execPath, [BIN, 'train', 'text', '--data', data, '--out', out, '--json', ...SETTINGS], { cwd: PACKAGE_ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
    let seenEnd = false;
    let finished = false;
    child.stdout.on('data', (d: Buffer) => {
      const text = d.toString();
      if (text.includes('"type":"result"')) finished = true;
      if (!seenEnd && text.includes('"type":"end"')) {
        seenEnd = true; // training is over: exporting and saving from here on
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    await new Promise((r) => child.on('close', r));
    const after = await loadArtifact(out); // validates schema, sizes and every SHA-256
    const outcome = after.manifest.createdAt === before ? 'previous' : 'new';
    outcomes.push(`${delayMs} ms: ${finished ? 'finished first' : 'killed'}, ${outcome}`);
    expect(after.files.get('model.onnx')!.byteLength).toBeGreaterThan(0);
  }
  console.log(`kill after training ended -> artifact found: ${outcomes.join('; ')}`);
  expect(outcomes.some((o) => o.includes('killed'))).toBe(true);
});
