import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { ArtifactError, checkArtifactPath, readArtifact, type Artifact, type ArtifactFileReader } from '@attune/core';
import { OLD_MARK } from './save-artifact.js';

/**
 * Loads and validates an artifact directory (schema, format version, sizes, SHA-256, paths; see
 * `readArtifact`). Files are read only if they resolve inside the directory: a symlink pointing
 * out of it is refused even when its target's hash would match.
 *
 * If `dir` is missing because a save was interrupted between moving the old artifact aside and
 * renaming the new one in, the old artifact is loaded from where it was moved (read-only; the
 * next save cleans up).
 */
export async function loadArtifact(dir: string): Promise<Artifact> {
  return readArtifact(containedReader(await resolveRoot(path.resolve(dir))));
}

/**
 * A reader confined to `root` (already a real path): each path is vetted, resolved through any
 * symlinks with realpath, and read only if the result is a regular file under `root`.
 */
export function containedReader(root: string): ArtifactFileReader {
  const inside = root.endsWith(path.sep) ? root : root + path.sep;
  return async (file) => {
    checkArtifactPath(file);
    const real = await realpath(path.join(root, ...file.split('/')));
    if (!real.startsWith(inside)) {
      throw new ArtifactError('unsafe-path', `Artifact file ${file} resolves to ${real}, outside the artifact directory ${root}; refusing to read it.`, {
        path: file,
      });
    }
    if (!(await stat(real)).isFile()) {
      throw new ArtifactError('unsafe-path', `Artifact file ${file} is not a regular file.`, { path: file });
    }
    // read the resolved path, so what was checked is what is read
    const bytes = await readFile(real);
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };
}

async function resolveRoot(target: string): Promise<string> {
  try {
    return await realpath(target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new ArtifactError('unsafe-path', `No artifact at ${target}: it is a loop of symbolic links.`, { path: target, cause: error });
    if (code !== 'ENOENT') throw new ArtifactError('missing-file', `The artifact at ${target} could not be opened: ${(error as Error).message}.`, { path: target, cause: error });
    const previous = await interruptedSave(target);
    if (previous) return realpath(previous);
    throw new ArtifactError('missing-file', `No artifact at ${target}: the directory does not exist.`, { cause: error });
  }
}

/** The newest `<dir>.attune-old-<id>` sibling, left by a save interrupted mid-swap. */
async function interruptedSave(target: string): Promise<string | undefined> {
  const prefix = path.basename(target) + OLD_MARK;
  const names = await readdir(path.dirname(target)).catch(() => [] as string[]);
  const candidates = names.filter((n) => n.startsWith(prefix)).map((n) => path.join(path.dirname(target), n));
  let newest: { file: string; mtime: number } | undefined;
  for (const file of candidates) {
    const mtime = (await stat(file)).mtimeMs;
    if (!newest || mtime > newest.mtime) newest = { file, mtime };
  }
  return newest?.file;
}
