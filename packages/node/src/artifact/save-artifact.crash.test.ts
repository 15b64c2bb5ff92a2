// Saving is atomic: a save that fails at its final rename, one interrupted between its two
// renames, and one killed with SIGKILL at an arbitrary moment all leave a loadable, valid artifact.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArtifactError, createArtifact } from '@attune/core';
import { describe, expect, it, vi } from 'vitest';
import { loadArtifact } from './load-artifact.js';
import { OLD_MARK, saveArtifact, TEMP_MARK } from './save-artifact.js';

// rename stays real unless a test makes one call fail
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return { ...actual, rename: vi.fn(actual.rename) };
});

const here = path.dirname(fileURLToPath(import.meta.url));
const tempDir = () => fs.mkdtemp(path.join(os.tmpdir(), 'attune-artifact-save-'));
const version = (k: number) =>
  createArtifact({ plugin: { id: 'test', version: '1.0.0' }, model: { kind: 'none', config: {} }, metrics: { k }, onnx: new Uint8Array(1000).fill(k) });
const siblings = async (dir: string) => (await fs.readdir(path.dirname(dir))).filter((n) => n !== path.basename(dir));

describe('saveArtifact is atomic', () => {
  it('when the final rename fails, the previous artifact is still in place and valid', async () => {
    const dir = path.join(await tempDir(), 'model');
    await saveArtifact(dir, await version(1));
    vi.mocked(fs.rename).mockClear(); // count only the second save's renames
    const realRename = (await vi.importActual<typeof import('node:fs/promises')>('node:fs/promises')).rename;
    vi.mocked(fs.rename).mockImplementation(async (from, to) => {
      // the move-aside of the old artifact and the move back go through; the new one's rename fails
      if (String(from).includes(TEMP_MARK)) throw Object.assign(new Error('EIO: simulated failure'), { code: 'EIO' });
      return realRename(from, to);
    });
    await expect(saveArtifact(dir, await version(2))).rejects.toThrow('EIO: simulated failure');
    vi.mocked(fs.rename).mockImplementation(realRename);
    expect(vi.mocked(fs.rename).mock.calls.map(([from, to]) => [path.basename(String(from)), path.basename(String(to))])).toEqual([
      [path.basename(dir), expect.stringContaining(OLD_MARK)], // old one aside
      [expect.stringContaining(TEMP_MARK), path.basename(dir)], // new one in: fails
      [expect.stringContaining(OLD_MARK), path.basename(dir)], // old one back
    ]);
    expect((await loadArtifact(dir)).manifest.metrics).toEqual({ k: 1 });
    expect(await siblings(dir)).toEqual([]); // no temporary or old directory left behind
  });

  it('interrupted between moving the old artifact aside and renaming the new one in, the old one still loads', async () => {
    const dir = path.join(await tempDir(), 'model');
    await saveArtifact(dir, await version(1));
    await fs.rename(dir, `${dir}${OLD_MARK}4242-x-y`); // the state a crash at that instant leaves
    await fs.mkdir(`${dir}${TEMP_MARK}999999999-x-y`); // and a dead save's half-written directory
    expect((await loadArtifact(dir)).manifest.metrics).toEqual({ k: 1 });
    await saveArtifact(dir, await version(2)); // the next save cleans up both
    expect((await loadArtifact(dir)).manifest.metrics).toEqual({ k: 2 });
    expect(await siblings(dir)).toEqual([]);
  });

  it('a process killed with SIGKILL while saving leaves the previous or the new artifact, valid', async () => {
    const dir = path.join(await tempDir(), 'model');
    for (const delayMs of [0, 150, 400]) {
      const child = spawn(process.execPath, [path.join(here, '__fixtures__/save-artifacts-forever.mjs'), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
      let saved = 0;
      // kill only after one save has completed (a slow machine may need seconds for it), then a
      // little later, so the kill lands at a different point of a later save each round
      const firstSave = new Promise((r) => child.stdout.once('data', r));
      child.stdout.on('data', (d: Buffer) => (saved = Number(d.toString().trim().split('\n').pop())));
      await firstSave;
      await new Promise((r) => setTimeout(r, delayMs));
      child.kill('SIGKILL');
      await new Promise((r) => child.on('exit', r));
      const loaded = await loadArtifact(dir); // validates the schema, sizes and every SHA-256
      const k = loaded.manifest.metrics['k']!;
      expect(k).toBeGreaterThanOrEqual(Math.max(saved, 1)); // never older than the last save reported done
      expect(loaded.files.get('model.onnx')!.every((b) => b === k % 256)).toBe(true);
    }
  });

  it('refuses to replace a directory that is not an artifact', async () => {
    const dir = path.join(await tempDir(), 'photos');
    await fs.mkdir(dir);
    await fs.writeFile(path.join(dir, 'holiday.jpg'), 'not a model');
    const error = await saveArtifact(dir, await version(1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArtifactError);
    expect((error as Error).message).toContain('is a non-empty directory without manifest.json, not an artifact; refusing to write an artifact there');
    expect(await fs.readdir(dir)).toEqual(['holiday.jpg']);
  });
});
