import { existsSync } from 'node:fs';
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '@attune/core';
import { checkWritableAncestor } from '@attune/node';

/**
 * Pre-flight check of a file a command will write at its end (`--onnx`, a report's `--out`): not a
 * directory, not the root, and creatable (its nearest existing ancestor a writable directory), so
 * a bad path is refused before the work rather than after it. Returns the absolute path.
 */
export async function checkOutputFile(flag: string, file: string, cwd: string): Promise<string> {
  const target = path.resolve(cwd, file);
  const refuse = (problem: string): never => {
    throw new InputError(`${flag} ${target} ${problem}; pass a file path to write.`);
  };
  if (path.dirname(target) === target) refuse('is the file system root');
  const info = await lstat(target).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return undefined;
    throw e;
  });
  if (info?.isDirectory()) refuse('is a directory');
  checkOutsideArtifacts(flag, target);
  await checkWritableAncestor(path.dirname(target), refuse);
  return target;
}

/**
 * Pre-flight check of a directory a command writes files into (`synth <out>`): not a file, not the
 * root, not an artifact, and creatable, so a bad path is refused before the work. Returns it absolute.
 */
export async function checkOutputDirectory(flag: string, dir: string, cwd: string): Promise<string> {
  const target = path.resolve(cwd, dir);
  const refuse = (problem: string): never => {
    throw new InputError(`${flag} ${target} ${problem}; pass a directory to write into.`);
  };
  if (path.dirname(target) === target) refuse('is the file system root');
  const info = await lstat(target).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return undefined;
    throw e;
  });
  if (info && !info.isDirectory()) refuse('is a file');
  checkOutsideArtifacts(flag, target, { orAnArtifact: true });
  await checkWritableAncestor(info ? target : path.dirname(target), refuse);
  return target;
}

/**
 * Nothing a command writes may land inside an artifact directory: a file there (`--onnx
 * model/model.onnx`, a report over `manifest.json`) would overwrite the artifact's own files, and a
 * folder there (an `--out` nested in another artifact) is deleted when that artifact is saved again,
 * which replaces its directory whole. `orAnArtifact`: the target may not be an artifact itself either
 * (a folder of clips written into one). An artifact directory is one holding manifest.json and model.onnx.
 */
export function checkOutsideArtifacts(flag: string, target: string, { orAnArtifact = false } = {}): void {
  const full = path.resolve(target);
  for (let dir = orAnArtifact ? full : path.dirname(full); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'manifest.json')) && existsSync(path.join(dir, 'model.onnx'))) {
      throw new InputError(`${flag} ${full} ${dir === full ? 'is' : 'is inside'} the artifact ${dir}; writing there would damage it (or be deleted when it is saved again). Choose a path outside it.`);
    }
    if (path.dirname(dir) === dir) return;
  }
}

/** Two output directories of one command must not be the same, or one inside the other. */
export function checkSeparateDirectories(a: { flag: string; dir: string }, b: { flag: string; dir: string }): void {
  const inside = (x: string, y: string) => x === y || x.startsWith(y.endsWith(path.sep) ? y : y + path.sep);
  if (inside(a.dir, b.dir) || inside(b.dir, a.dir)) {
    throw new InputError(`${a.flag} ${a.dir} and ${b.flag} ${b.dir} overlap; give them separate directories.`);
  }
}
