// Reads the shared benchmark data sets (never copied into the repo). Node-only, tests only.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseInteractionsCsv } from '../data/csv.js';
import type { Interaction } from '../data/interactions.js';

/** `ATTUNE_DATASETS`, else `../../../shared/datasets` from the package root (the monorepo's sibling). */
export function datasetsDir(): string {
  const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  return process.env.ATTUNE_DATASETS ?? path.resolve(packageRoot, '../../../shared/datasets');
}

/** MovieLens latest-small `ratings.csv` (610 users, 100,836 ratings), every rating an interaction. */
export function readMovieLensSmall(): Interaction[] {
  const file = path.join(datasetsDir(), 'ml-latest-small', 'ratings.csv');
  if (!existsSync(file)) {
    throw new Error(`${file} is missing: the quality test needs the shared data sets (set ATTUNE_DATASETS to the folder holding ml-latest-small).`);
  }
  return parseInteractionsCsv(readFileSync(file, 'utf8'));
}
