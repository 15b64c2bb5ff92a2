import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * File-system steps that survive a crash: data is fsynced before it is renamed into place, and
 * the directory holding a rename is fsynced after it, so after a power cut the rename never points
 * at data that was still in the page cache.
 */

/** Creates `file` (it must not exist: 'wx' never writes through a planted symlink), writes and fsyncs it. */
export async function writeFileDurably(file: string, bytes: Uint8Array): Promise<void> {
  const handle = await open(file, 'wx');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Fsyncs a directory so the entries created or renamed in it are on disk. Best effort: some
 * platforms (Windows) and file systems cannot open or sync a directory, and there the rename is
 * as durable as they make it.
 */
export async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // not supported here; see above
  } finally {
    await handle?.close();
  }
}

/** A name unique to this call: pid (so stale leftovers can be told from live ones), time and randomness. */
export function uniqueSuffix(): string {
  return `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Writes `target` atomically: a durable temporary sibling, renamed over it, then the directory synced. */
export async function writeFileAtomically(target: string, bytes: Uint8Array): Promise<void> {
  const temp = `${target}.attune-tmp-${uniqueSuffix()}`;
  try {
    await writeFileDurably(temp, bytes);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(path.dirname(target));
}
