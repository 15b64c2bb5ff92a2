import { constants } from 'node:fs';
import { access, lstat, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ArtifactError, MANIFEST_FILE } from '@attune/core';

/**
 * The rules for where an artifact directory may be written, checked without writing anything, so a
 * command can refuse a bad `--out` before hours of training rather than after: the target must be
 * absent, an empty directory or an artifact (a directory with manifest.json); never a file, a
 * symlink, another folder or the file system root; and its nearest existing ancestor must be a
 * writable directory. Returns whether there is a previous artifact to replace. `what` names the
 * target in messages (a flag, or `saveArtifact:`).
 */
export async function checkArtifactTarget(dir: string, what = 'saveArtifact:'): Promise<boolean> {
  const target = path.resolve(dir);
  const refuse = (problem: string): never => {
    throw new ArtifactError('unsafe-target', `${what} ${target} ${problem}; refusing to write an artifact there. Choose a new or artifact directory.`);
  };
  if (path.dirname(target) === target) refuse('is the file system root');
  const info = await lstat(target).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return undefined; // ENOTDIR: a file on the way, reported below
    throw e;
  });
  if (info) {
    if (!info.isDirectory()) refuse(info.isSymbolicLink() ? 'is a symbolic link' : 'is a file, not a directory');
    const entries = await readdir(target);
    if (entries.length > 0 && !entries.includes(MANIFEST_FILE)) refuse('is a non-empty directory without manifest.json, not an artifact');
  }
  await checkWritableAncestor(path.dirname(target), (problem) => refuse(problem));
  return info !== undefined;
}

/**
 * The nearest existing ancestor of a path to be created must be a directory this process can
 * write in (a file in the way, or a read-only folder, would otherwise fail only at the end).
 */
export async function checkWritableAncestor(dir: string, refuse: (problem: string) => never): Promise<void> {
  let at = path.resolve(dir);
  for (;;) {
    const info = await stat(at).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return undefined;
      throw e;
    });
    if (info) {
      if (!info.isDirectory()) refuse(`cannot be created: ${at} is a file`);
      await access(at, constants.W_OK | constants.X_OK).catch(() => refuse(`cannot be created: ${at} is not writable`));
      return;
    }
    const up = path.dirname(at);
    if (up === at) return;
    at = up;
  }
}
