import { InputError, parseDelimited, recordSpanNote, type DelimitedRecord } from '@attune/core';
import type { Interaction } from './interactions.js';

/** Where the fields of an interaction are: column names (with a header row) or 0-based indices. */
export interface InteractionColumns {
  user: string | number;
  item: string | number;
  timestamp: string | number;
  rating?: string | number;
}

export interface InteractionCsvOptions {
  /**
   * Column names or indices. Default: MovieLens names (`userId`, `movieId`, `rating`, `timestamp`)
   * with a header, or indices 0-3 (user, item, rating, timestamp, as in `u.data`) without one.
   */
  columns?: InteractionColumns;
  /** Field separator. Default: a tab when the first line has one, else a comma. */
  delimiter?: string;
  /** Whether the first row names the columns. Default: true unless the first row's fields are all numbers. */
  header?: boolean;
}

const MOVIELENS_NAMES: InteractionColumns = { user: 'userId', item: 'movieId', rating: 'rating', timestamp: 'timestamp' };
const MOVIELENS_INDICES: InteractionColumns = { user: 0, item: 1, rating: 2, timestamp: 3 };

/**
 * Reads an interaction log from delimited text: MovieLens `ratings.csv` (header, commas) and the
 * older `u.data` (no header, tabs) both work with the defaults. Quoted fields follow RFC 4180 (a
 * delimiter or line break inside quotes is part of the field; `""` is a quote), read by core's
 * strict `parseDelimited` (an unclosed or stray quote is an error naming the line).
 * Numeric user and item ids become numbers.
 */
export function parseInteractionsCsv(text: string, options: InteractionCsvOptions = {}): Interaction[] {
  if (typeof text !== 'string') throw new InputError(`parseInteractionsCsv expects the file's text; got ${typeof text}.`);
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = options.delimiter ?? (firstLine.includes('\t') ? '\t' : ',');
  // Each record keeps the line it starts on, for error messages (a quoted field may span lines).
  const records: DelimitedRecord[] = [];
  for (const { fields, line, endLine } of parseDelimited(text, { delimiter })) {
    const trimmed = fields.map((f) => f.trim());
    if (trimmed.some((f) => f !== '')) records.push({ fields: trimmed, line, endLine });
  }
  if (records.length === 0) throw new InputError('The interaction file is empty.');
  const first = records[0]!.fields;
  const header = options.header ?? !first.every((f) => f !== '' && Number.isFinite(Number(f)));
  const columns = options.columns ?? (header ? MOVIELENS_NAMES : MOVIELENS_INDICES);
  const index = (field: keyof InteractionColumns): number | undefined => {
    const c = columns[field];
    if (c === undefined) return undefined;
    if (typeof c === 'number') return c;
    if (!header) throw new InputError(`Column "${c}" is named, but the file has no header row; give column indices instead.`);
    const i = first.indexOf(c);
    if (i < 0) throw new InputError(`The header has no "${c}" column for ${field}; it has ${first.join(', ')}.`);
    return i;
  };
  const [u, it, ts, r] = [index('user')!, index('item')!, index('timestamp')!, index('rating')];
  const rows = header ? records.slice(1) : records;
  return rows.map((record) => {
    const { fields: f, line: lineNo } = record;
    const need = Math.max(u, it, ts, r ?? 0);
    if (f.length <= need) {
      throw new InputError(`Line ${lineNo} has ${f.length} fields; expected at least ${need + 1}: ${JSON.stringify(f.join(delimiter))}.${recordSpanNote(record)}`);
    }
    const timestamp = Number(f[ts]);
    if (f[ts] === '' || !Number.isFinite(timestamp)) {
      throw new InputError(`Line ${lineNo} has timestamp ${JSON.stringify(f[ts])}, which is not a number; timestamps must be numeric (e.g. Unix seconds).`);
    }
    const event: Interaction = { user: idOf(f[u]!), item: idOf(f[it]!), timestamp };
    if (r !== undefined) {
      const rating = Number(f[r]);
      if (f[r] === '' || !Number.isFinite(rating)) throw new InputError(`Line ${lineNo} has rating ${JSON.stringify(f[r])}, which is not a number.`);
      event.rating = rating;
    }
    return event;
  });
}

/** "42" → 42 (ids round-trip through JSON as written); anything else stays a string. */
function idOf(field: string): string | number {
  return /^-?\d+$/.test(field) && Number.isSafeInteger(Number(field)) ? Number(field) : field;
}
