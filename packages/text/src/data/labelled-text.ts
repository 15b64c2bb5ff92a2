import { InputError, parseDelimited, recordSpanNote } from '@attune/core';

/** One labelled text, as data files hold them. */
export interface LabelledText {
  text: string;
  label: string;
}

/**
 * RFC 4180 CSV rows (core's strict `parseDelimited`): quoted fields may hold commas, doubled quotes
 * and newlines; CRLF or LF rows. A quote left open, a stray quote inside an unquoted field or text
 * after a closing quote is an InputError naming the line (a lenient reader would shift columns).
 */
export function parseCsv(source: string): string[][] {
  return parseDelimited(source).map((record) => record.fields);
}

/** A CSV with a header naming a `text` column and a `label` (or BANKING77's `category`) column. */
export function parseLabelledCsv(source: string): LabelledText[] {
  const [headerRecord, ...rows] = parseDelimited(source);
  const header = headerRecord?.fields ?? [];
  const text = header.indexOf('text');
  const label = header.includes('label') ? header.indexOf('label') : header.indexOf('category');
  if (text < 0 || label < 0) {
    throw new InputError(`The CSV header needs a "text" column and a "label" (or "category") column; got ${header.join(',')}.`);
  }
  const out: LabelledText[] = [];
  rows.forEach((record) => {
    const r = record.fields;
    if (r.length === 1 && r[0] === '') return; // blank line
    if (r.length !== header.length) {
      throw new InputError(
        `CSV line ${record.line} has ${r.length} field${r.length === 1 ? '' : 's'} but the header has ${header.length}; ` +
          'quote fields that contain commas ("like, this").' +
          recordSpanNote(record),
      );
    }
    out.push({ text: r[text]!, label: r[label]! });
  });
  return out;
}

/** `text<TAB>label` per line, no header (THUCNews headlines); the last tab separates the label. */
export function parseLabelledTsv(source: string): LabelledText[] {
  const out: LabelledText[] = [];
  source.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line.length === 0) return;
    const tab = line.lastIndexOf('\t');
    if (tab < 0) throw new InputError(`TSV line ${i + 1} has no tab; each line must be text<TAB>label.`);
    out.push({ text: line.slice(0, tab), label: line.slice(tab + 1) });
  });
  return out;
}
