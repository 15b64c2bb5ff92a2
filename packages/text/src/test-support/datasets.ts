// Reads the shared benchmark data sets (never copied into the repo). Node-only, tests only.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseLabelledCsv, parseLabelledTsv, type LabelledText } from '../data/labelled-text.js';

export type { LabelledText };

/** `ATTUNE_DATASETS`, else `../../../shared/datasets` from the package root (the monorepo's sibling). */
export function datasetsDir(): string {
  const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  return process.env.ATTUNE_DATASETS ?? path.resolve(packageRoot, '../../../shared/datasets');
}

export function hasDatasets(): boolean {
  return existsSync(path.join(datasetsDir(), 'banking77', 'train.csv'));
}

/** BANKING77 `train.csv` / `test.csv`: header `text,category`, CRLF, RFC 4180 quoting. */
export function readBanking77(split: 'train' | 'test'): LabelledText[] {
  return parseLabelledCsv(readFileSync(path.join(datasetsDir(), 'banking77', `${split}.csv`), 'utf8'));
}

/** THUCNews headlines `dev.txt` / `test.txt`: `headline<TAB>label` per line, LF. */
export function readThucNews(split: 'dev' | 'test'): LabelledText[] {
  return parseLabelledTsv(readFileSync(path.join(datasetsDir(), 'thucnews-titles', `${split}.txt`), 'utf8'));
}
