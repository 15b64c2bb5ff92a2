import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { checkArtifactPath, MANIFEST_FILE, serializeManifest, type Artifact } from '@attune/core';
import { checkArtifactTarget } from './artifact-target.js';
import { syncDirectory, uniqueSuffix, writeFileDurably } from './durable-fs.js';
import { checkSaveArguments } from './check-save-arguments.js';

/** Sibling names used while saving `<dir>`: `<dir>.attune-tmp-<id>` (being written) and `<dir>.attune-old-<id>` (being replaced). */
export const TEMP_MARK = '.attune-tmp-';
export const OLD_MARK = '.attune-old-';

/**
 * Writes an artifact as a directory, atomically: every file goes into a sibling temporary
 * directory (fsynced, `manifest.json` last), which then replaces `dir` by rename. The previous
 * artifact is moved aside first and deleted only after the new one is in place; if the final
 * rename fails it is moved back. A crash leaves either the old or the new artifact at `dir`, or,
 * in the instant between the two renames, the old one beside it, which `loadArtifact` finds.
 *
 * Refuses to replace anything that is not an artifact (a directory without `manifest.json`, a
 * file, a symlink; see `checkArtifactTarget`), so a mistyped path cannot delete unrelated data.
 * One writer per `dir` at a time.
 */
export async function saveArtifact(dir: string, artifact: Artifact): Promise<void> {
  checkSaveArguments('saveArtifact', dir, artifact);
  const target = path.resolve(dir);
  const parent = path.dirname(target);
  const hasPrevious = await checkArtifactTarget(target);
  await mkdir(parent, { recursive: true });
  await removeStaleTemporaries(target);

  const id = uniqueSuffix();
  const temp = `${target}${TEMP_MARK}${id}`;
  try {
    await mkdir(temp);
    const dirs = new Set([temp]);
    for (const [file, bytes] of artifact.files) {
      checkArtifactPath(file); // the artifact may not come from createArtifact; never write outside temp
      const full = path.join(temp, ...file.split('/'));
      await mkdir(path.dirname(full), { recursive: true });
      dirs.add(path.dirname(full));
      await writeFileDurably(full, bytes);
    }
    // written last: a directory whose manifest exists has every file the manifest names
    await writeFileDurably(path.join(temp, MANIFEST_FILE), serializeManifest(artifact.manifest));
    for (const d of [...dirs].reverse()) await syncDirectory(d);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }

  const old = `${target}${OLD_MARK}${id}`;
  if (hasPrevious) await rename(target, old);
  try {
    await rename(temp, target);
  } catch (error) {
    if (hasPrevious) await rename(old, target); // put the previous artifact back
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
  await syncDirectory(parent);
  await removeSiblings(target, OLD_MARK, () => true); // ours, and any left by a crash in the swap
}

/** Temporary directories of saves whose process is gone (killed mid-save); live ones are left alone. */
function removeStaleTemporaries(target: string): Promise<void> {
  return removeSiblings(target, TEMP_MARK, (id) => !isAlive(Number(id.split('-')[0])));
}

async function removeSiblings(target: string, mark: string, shouldRemove: (id: string) => boolean): Promise<void> {
  const prefix = path.basename(target) + mark;
  for (const name of await readdir(path.dirname(target))) {
    if (name.startsWith(prefix) && shouldRemove(name.slice(prefix.length))) {
      await rm(path.join(path.dirname(target), name), { recursive: true, force: true });
    }
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0); // signal 0: existence check only
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
