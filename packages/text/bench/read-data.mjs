// Reads a labelled text data set for bench/quality.mjs.
// csv: train.csv + test.csv with a header naming a `text` column and a `label` or `category` column
// (BANKING77's layout: `text,category`, CRLF, RFC 4180 quoting).
// thucnews: dev.txt (training) + test.txt, `text<TAB>label` per line, no header.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export function readSplits(dir, format) {
  const name = path.basename(path.resolve(dir));
  if (format === 'thucnews') return { name, train: readTsv(path.join(dir, 'dev.txt')), test: readTsv(path.join(dir, 'test.txt')) };
  if (format !== 'csv') throw new Error(`--format must be csv or thucnews; got ${format}`);
  return { name, train: readCsv(path.join(dir, 'train.csv')), test: readCsv(path.join(dir, 'test.csv')) };
}

function readTsv(file) {
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => {
    const tab = line.lastIndexOf('\t');
    return { text: line.slice(0, tab), label: line.slice(tab + 1) };
  });
}

function readCsv(file) {
  const [header, ...rows] = parseCsv(readFileSync(file, 'utf8'));
  const text = header.indexOf('text');
  const label = header.includes('label') ? header.indexOf('label') : header.indexOf('category');
  if (text < 0 || label < 0) throw new Error(`${file}: the header needs a text column and a label (or category) column; got ${header.join(',')}`);
  return rows.filter((r) => r.length > 1).map((r) => ({ text: r[text], label: r[label] }));
}

/** RFC 4180: quoted fields may hold commas, doubled quotes and newlines. */
function parseCsv(source) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (quoted) {
      if (c === '"' && source[i + 1] === '"') (field += '"'), i++;
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
