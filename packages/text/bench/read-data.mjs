// Reads a labelled text data set for the benches (parsing lives in the package: parseLabelledCsv/Tsv).
// csv: train.csv + test.csv with a header naming a `text` column and a `label` or `category` column
// (BANKING77's layout). thucnews: dev.txt (training) + test.txt, `text<TAB>label` per line.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseLabelledCsv, parseLabelledTsv } from '@attune/text';

export function readSplits(dir, format) {
  const name = path.basename(path.resolve(dir));
  const read = (file, parse) => parse(readFileSync(path.join(dir, file), 'utf8'));
  if (format === 'thucnews') return { name, train: read('dev.txt', parseLabelledTsv), test: read('test.txt', parseLabelledTsv) };
  if (format !== 'csv') throw new Error(`--format must be csv or thucnews; got ${format}`);
  return { name, train: read('train.csv', parseLabelledCsv), test: read('test.csv', parseLabelledCsv) };
}
