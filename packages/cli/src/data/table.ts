import { InputError, parseDelimited, recordSpanNote, type DelimitedRecord } from '@attune/core';

/** One record of a data file, by column name, with the 1-based line it started on (for error messages). */
export interface TableRow {
  line: number;
  values: Record<string, string>;
}

export type TableFormat = 'csv' | 'tsv' | 'jsonl';

/** Longest field accepted (characters). Far above any real text; bounds what a broken file can make us hold. */
export const MAX_FIELD_CHARS = 1_000_000;

/** `csv`, `tsv` or `jsonl` from a file name (`.json` lines files count as jsonl). */
export function formatOf(file: string): TableFormat {
  const ext = /\.([a-z]+)$/i.exec(file)?.[1]?.toLowerCase();
  if (ext === 'csv') return 'csv';
  if (ext === 'tsv' || ext === 'txt') return 'tsv';
  if (ext === 'jsonl' || ext === 'ndjson' || ext === 'json') return 'jsonl';
  throw new InputError(`${file}: cannot tell the format from the extension; use .csv, .tsv or .jsonl (JSON lines).`);
}

/**
 * Reads a CSV (RFC 4180), TSV or JSON-lines file whose first line (or every object) names its columns.
 * Strict on purpose: an unterminated quote, a stray quote, a row with the wrong number of fields or a
 * line that is not a JSON object is an InputError naming the file and line, never a silently shifted column.
 */
export function parseTable(source: string, format: TableFormat, file: string): TableRow[] {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source; // byte-order mark
  if (format === 'jsonl') return parseJsonLines(text, file);
  const records = format === 'csv' ? parseDelimited(text, { source: file, maxFieldChars: MAX_FIELD_CHARS }) : parseTsvRecords(text);
  const [header, ...rows] = records.filter((r) => !(r.fields.length === 1 && r.fields[0] === ''));
  if (!header) throw new InputError(`${file} is empty; it needs a header line naming its columns, then one row per example.`);
  const names = header.fields.map((n) => n.trim());
  const seen = new Set<string>();
  for (const name of names) {
    if (name === '') throw new InputError(`${file}:${header.line}: the header has an empty column name.`);
    if (seen.has(name)) throw new InputError(`${file}:${header.line}: the header names column "${name}" twice.`);
    seen.add(name);
  }
  return rows.map((row) => {
    if (row.fields.length !== names.length) {
      throw new InputError(
        `${file}:${row.line}: expected ${names.length} fields (${names.join(', ')}), found ${row.fields.length}. ` +
          (format === 'csv' ? 'Quote fields that contain commas: "like, this".' : 'Fields are separated by one tab.') +
          recordSpanNote(row),
      );
    }
    return { line: row.line, values: Object.fromEntries(names.map((n, i) => [n, row.fields[i]!])) };
  });
}

function parseTsvRecords(source: string): DelimitedRecord[] {
  return source.split('\n').map((raw, i) => ({ line: i + 1, endLine: i + 1, fields: raw.replace(/\r$/, '').split('\t') }));
}

function parseJsonLines(source: string, file: string): TableRow[] {
  const rows: TableRow[] = [];
  source.split('\n').forEach((raw, i) => {
    const text = raw.trim();
    if (text === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new InputError(`${file}:${i + 1}: not valid JSON (${(error as Error).message}); each line must be one JSON object.`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new InputError(`${file}:${i + 1}: expected a JSON object such as {"text": "...", "label": "..."}; got ${Array.isArray(value) ? 'an array' : typeof value}.`);
    }
    const values: Record<string, string> = {};
    for (const [key, v] of Object.entries(value)) {
      // only strings and numbers are column values; nested structures are named, not walked
      if (typeof v === 'string') values[key] = v;
      else if (typeof v === 'number' && Number.isFinite(v)) values[key] = String(v);
      else values[key] = NOT_TEXT;
      if (values[key]!.length > MAX_FIELD_CHARS) throw new InputError(`${file}:${i + 1}: field "${key}" is longer than ${MAX_FIELD_CHARS} characters.`);
    }
    rows.push({ line: i + 1, values });
  });
  return rows;
}

/** Marks a JSON value that is not a string or finite number (objects, arrays, null, booleans). */
const NOT_TEXT = '\u0000not-text';

/** The value of `column` in `row`, checked to be present and text. */
export function column(row: TableRow, name: string, file: string): string {
  const value = row.values[name];
  if (value === undefined) {
    throw new InputError(`${file}:${row.line}: no "${name}" column; the columns are ${Object.keys(row.values).join(', ') || '(none)'}. Choose one with the matching --*-column option.`);
  }
  if (value === NOT_TEXT) throw new InputError(`${file}:${row.line}: "${name}" must be a string or a number.`);
  return value;
}
