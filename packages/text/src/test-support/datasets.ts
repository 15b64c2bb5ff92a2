// Reads the shared benchmark data sets (never copied into the repo). Node-only, tests only.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** `ATTUNE_DATASETS`, else `../../../shared/datasets` from the package root (the monorepo's sibling). */
export function datasetsDir(): string {
  const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  return process.env.ATTUNE_DATASETS ?? path.resolve(packageRoot, '../../../shared/datasets');
}

export function hasDatasets(): boolean {
  return existsSync(path.join(datasetsDir(), 'banking77', 'train.csv'));
}

export interface LabelledText {
  text: string;
  label: string;
}

/** BANKING77 `train.csv` / `test.csv`: header `text,category`, CRLF, RFC 4180 quoting. */
export function readBanking77(split: 'train' | 'test'): LabelledText[] {
  const rows = parseCsv(readFileSync(path.join(datasetsDir(), 'banking77', `${split}.csv`), 'utf8'));
  return rows.slice(1).map(([text = '', label = '']) => ({ text, label }));
}

/** THUCNews headlines `dev.txt` / `test.txt`: `headline<TAB>label` per line, LF. */
export function readThucNews(split: 'dev' | 'test'): LabelledText[] {
  return readFileSync(path.join(datasetsDir(), 'thucnews-titles', `${split}.txt`), 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => {
      const tab = line.lastIndexOf('\t');
      return { text: line.slice(0, tab), label: line.slice(tab + 1) };
    });
}

/** Minimal RFC 4180 parser: quoted fields may hold commas, doubled quotes and newlines. */
export function parseCsv(source: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (quoted) {
      if (c === '"' && source[i + 1] === '"') field += '"', i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && source[i + 1] === '\n') i++;
      row.push(field), rows.push(row), (row = []), (field = '');
    } else field += c;
  }
  if (field !== '' || row.length > 0) row.push(field), rows.push(row);
  return rows;
}
