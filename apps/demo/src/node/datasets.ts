// The shared benchmark data sets (BANKING77, MovieLens, FSDD): read in place, never copied into the
// repository or the built app. `ATTUNE_DATASETS` overrides the default `../shared/datasets`.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseLabelledCsv, type LabelledText } from '@attune/text';

/** `ATTUNE_DATASETS`, else `shared/datasets` beside the monorepo (`<repo>/../shared/datasets`). */
export function datasetsDir(): string {
  const fromEnv = process.env['ATTUNE_DATASETS'];
  if (fromEnv) return path.resolve(fromEnv);
  // this file is apps/demo/{src,dist}/node/datasets.{ts,js}: five levels up is the repo's parent
  return fileURLToPath(new URL('../../../../../shared/datasets', import.meta.url));
}

export const banking77Files = () => ['train.csv', 'test.csv'].map((f) => path.join(datasetsDir(), 'banking77', f));
export const fsddDir = () => path.join(datasetsDir(), 'fsdd', 'recordings');
export const movieLensFiles = () => ['ratings.csv', 'movies.csv'].map((f) => path.join(datasetsDir(), 'ml-latest-small', f));

export const hasBanking77 = () => banking77Files().every(existsSync);
export const hasFsdd = () => existsSync(fsddDir());
export const hasMovieLens = () => movieLensFiles().every(existsSync);

export function readBanking77(split: 'train' | 'test'): LabelledText[] {
  return parseLabelledCsv(readFileSync(path.join(datasetsDir(), 'banking77', `${split}.csv`), 'utf8'));
}

/** FSDD clip paths, sorted (`<digit>_<speaker>_<index>.wav`). */
export function fsddFiles(): string[] {
  return readdirSync(fsddDir())
    .filter((f) => f.endsWith('.wav'))
    .sort()
    .map((f) => path.join(fsddDir(), f));
}

/** Names, sizes and modification times: a cheap fingerprint of data on disk for the model cache key. */
export function fileFingerprint(files: readonly string[]): string[] {
  return files.map((f) => {
    const s = statSync(f);
    return `${path.basename(f)}:${s.size}:${Math.floor(s.mtimeMs)}`;
  });
}
