import { InputError } from '@attune/core';

/** One labelled text, as data files hold them. */
export interface LabelledText {
  text: string;
  label: string;
}

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and newlines; CRLF or LF rows. */
export function parseCsv(source: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
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

/** A CSV with a header naming a `text` column and a `label` (or BANKING77's `category`) column. */
export function parseLabelledCsv(source: string): LabelledText[] {
  const [header = [], ...rows] = parseCsv(source);
  const text = header.indexOf('text');
  const label = header.includes('label') ? header.indexOf('label') : header.indexOf('category');
  if (text < 0 || label < 0) {
    throw new InputError(`The CSV header needs a "text" column and a "label" (or "category") column; got ${header.join(',')}.`);
  }
  return rows.filter((r) => r.length > 1).map((r) => ({ text: r[text] ?? '', label: r[label] ?? '' }));
}

/** `text<TAB>label` per line, no header (THUCNews headlines); the last tab separates the label. */
export function parseLabelledTsv(source: string): LabelledText[] {
  return source
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => {
      const tab = line.lastIndexOf('\t');
      return { text: line.slice(0, tab), label: line.slice(tab + 1).replace(/\r$/, '') };
    });
}
