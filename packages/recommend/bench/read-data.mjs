// Reads a MovieLens-style interaction log for the benchmarks: a directory holding `ratings.csv`
// (ml-latest-small, header, commas) or `u.data` (ml-100k, no header, tabs), or one such file.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseInteractionsCsv } from '@attune/recommend';

export function readInteractions(target) {
  let file = target;
  if (statSync(target).isDirectory()) {
    file = ['ratings.csv', 'u.data'].map((f) => path.join(target, f)).find((f) => existsSync(f));
    if (!file) throw new Error(`${target} holds neither ratings.csv nor u.data`);
  }
  return { name: path.basename(statSync(target).isDirectory() ? target : path.dirname(target)), file, log: parseInteractionsCsv(readFileSync(file, 'utf8')) };
}
