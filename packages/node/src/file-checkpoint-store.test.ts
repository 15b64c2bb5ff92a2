import { spawn } from 'node:child_process';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CheckpointMismatchError, ConfigError, InputError, type Checkpoint } from '@attune/core';
import { describe, expect, it } from 'vitest';
import { FileCheckpointStore } from './file-checkpoint-store.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const tempDir = () => mkdtemp(path.join(os.tmpdir(), 'attune-ckpt-'));

function checkpoint(step: number): Checkpoint {
  const arr = (name: string, v: number) => ({ name, shape: [2, 3], data: Float32Array.from({ length: 6 }, (_, i) => v + i / 10) });
  return {
    formatVersion: 1,
    fingerprint: 'abc',
    epoch: 1,
    batchInEpoch: 4,
    globalStep: step,
    state: { step, weights: [arr('w', 1), arr('b', 2)], firstMoments: [arr('w', 3), arr('b', 4)], secondMoments: [arr('w', 5), arr('b', 6)] },
    best: { score: 0.25, epoch: 0, weights: [arr('w', 7), arr('b', 8)] },
    epochLoss: { sum: 1.5, count: 3 },
    epochsWithoutImprovement: 1,
    history: [{ epoch: 0, trainLoss: 0.5, valLoss: 0.25, metrics: { accuracy: 0.75 }, learningRate: 0.001, seconds: 1 }],
  };
}

describe('FileCheckpointStore', () => {
  it('round-trips a checkpoint exactly and keeps one binary file', async () => {
    const store = new FileCheckpointStore(await tempDir());
    expect(await store.load()).toBeUndefined();
    await store.save(checkpoint(1));
    await store.save(checkpoint(2));
    expect(await store.load()).toEqual(checkpoint(2));
    expect((await readdir(store.directory)).sort()).toHaveLength(2); // checkpoint.json + one .bin
    await store.clear();
    expect(await store.load()).toBeUndefined();
  });

  it('refuses a file, an empty path or a non-string as its directory, instead of calling the file an unreadable checkpoint to delete', async () => {
    const file = path.join(await tempDir(), 'notes.txt');
    await writeFile(file, 'keep me');
    const error = await new FileCheckpointStore(file).load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toContain(`The checkpoint directory ${file} is a file, not a directory`);
    expect(() => new FileCheckpointStore('')).toThrow(ConfigError);
    expect(() => new FileCheckpointStore(5 as never)).toThrow('Invalid FileCheckpointStore directory: got 5');
  });

  it('reports a damaged checkpoint instead of loading garbage', async () => {
    const store = new FileCheckpointStore(await tempDir());
    await store.save(checkpoint(1));
    const header = JSON.parse(await import('node:fs/promises').then((fs) => fs.readFile(path.join(store.directory, 'checkpoint.json'), 'utf8')));
    await writeFile(path.join(store.directory, header.binary), new Uint8Array(12));
    await expect(store.load()).rejects.toThrow(/damaged: expected 48 numbers, found 3/);
    await writeFile(path.join(store.directory, 'checkpoint.json'), '{"formatVersion": 9, "binary": "x.bin"}');
    await expect(store.load()).rejects.toThrow(CheckpointMismatchError);
    await writeFile(path.join(store.directory, 'checkpoint.json'), '{"formatVersion": 1, "binary": "../../etc/passwd"}');
    await expect(store.load()).rejects.toThrow('unknown format');
  });

  it('refuses a checkpoint with one flipped byte in either file, naming the file and what to do', async () => {
    const { readFile } = await import('node:fs/promises');
    const store = new FileCheckpointStore(await tempDir());
    await store.save(checkpoint(1));
    const headerFile = path.join(store.directory, 'checkpoint.json');
    const header = JSON.parse(await readFile(headerFile, 'utf8'));
    const binFile = path.join(store.directory, header.binary);
    const bin = await readFile(binFile);
    const flipped = Uint8Array.from(bin);
    flipped[17]! ^= 0x01; // a weight's low mantissa bit: same size, still a finite float
    await writeFile(binFile, flipped);
    const advice = `delete ${store.directory} or train without --resume`;
    await expect(store.load()).rejects.toThrow(`Checkpoint file ${binFile} is damaged: its SHA-256 does not match the one checkpoint.json recorded; ${advice}.`);
    await writeFile(binFile, bin);
    expect(await store.load()).toEqual(checkpoint(1));
    // the header's numbers matter too (step, epoch, loss sums, best score): one digit changed
    const text = await readFile(headerFile, 'utf8');
    await writeFile(headerFile, text.replace('"globalStep":1', '"globalStep":7'));
    await expect(store.load()).rejects.toThrow(`Checkpoint file ${headerFile} is damaged: its SHA-256 does not match the one it recorded; ${advice}.`);
    await expect(store.load()).rejects.toThrow(CheckpointMismatchError);
  });

  it('refuses a checkpoint written without hashes (before they existed)', async () => {
    const { readFile } = await import('node:fs/promises');
    const store = new FileCheckpointStore(await tempDir());
    await store.save(checkpoint(1));
    const headerFile = path.join(store.directory, 'checkpoint.json');
    const { sha256: _s, binarySha256: _b, ...old } = JSON.parse(await readFile(headerFile, 'utf8'));
    await writeFile(headerFile, JSON.stringify(old));
    await expect(store.load()).rejects.toThrow(/checkpoint\.json has no integrity hash \(it was written by an older Attune\).*; delete .* or train without --resume\./);
  });

  it('a process killed with SIGKILL while saving leaves a complete, consistent checkpoint', async () => {
    const dir = await tempDir();
    for (const delayMs of [0, 250]) {
      const child = spawn(process.execPath, [path.join(here, '__fixtures__/save-forever.mjs'), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
      let saved = 0;
      // kill only after one save has completed (a slow machine may need seconds for it), then a
      // little later, so the kill lands at a different point of a later save each round
      const firstSave = new Promise((r) => child.stdout.once('data', r));
      child.stdout.on('data', (d: Buffer) => (saved = Number(d.toString().trim().split('\n').pop())));
      await firstSave;
      await new Promise((r) => setTimeout(r, delayMs));
      child.kill('SIGKILL');
      await new Promise((r) => child.on('exit', r));
      const loaded = await new FileCheckpointStore(dir).load();
      expect(loaded, 'a checkpoint survives the kill').toBeDefined();
      const k = loaded!.globalStep;
      expect(k).toBeGreaterThanOrEqual(saved); // never older than the last save reported complete
      for (const list of [loaded!.state.weights, loaded!.state.firstMoments, loaded!.state.secondMoments]) {
        for (const a of list) expect(a.data.every((v) => v === k)).toBe(true);
      }
    }
  });
});
