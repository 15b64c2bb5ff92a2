import { InputError } from '../errors/input-error.js';

/** One record of a delimited file, with the 1-based line it starts on (a quoted field may span lines). */
export interface DelimitedRecord {
  line: number;
  /** The line it ends on: after `line` when a quoted field holds line breaks. */
  endLine: number;
  fields: string[];
}

export interface ParseDelimitedOptions {
  /** Field separator, one character. Default `,`. */
  delimiter?: string;
  /** Named in error messages (`ratings.csv:12: …`). Default: messages say `line 12: …`. */
  source?: string;
  /** Longest field accepted, in characters: bounds what a broken file (an unclosed quote) makes us hold. Default 1,000,000. */
  maxFieldChars?: number;
}

/**
 * Delimited text as RFC 4180 reads it: a field in double quotes may hold the delimiter, line breaks
 * and `""` (a quote); records end at LF or CRLF; a leading byte-order mark is dropped. Strict on
 * purpose, because a lenient reader turns a broken file into silently shifted columns: an unclosed
 * quote, a quote in the middle of an unquoted field and text after a closing quote are `InputError`s
 * naming the line. Every record is returned, blank lines included (as one empty field), so callers
 * decide what a blank line means.
 */
export function parseDelimited(text: string, options: ParseDelimitedOptions = {}): DelimitedRecord[] {
  if (typeof text !== 'string') throw new InputError(`parseDelimited expects the file's text as a string; got ${typeof text}.`);
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new InputError(`The delimiter must be one character other than a quote or a line break; got ${JSON.stringify(delimiter)}.`);
  }
  const maxField = options.maxFieldChars ?? 1_000_000;
  const at = (line: number) => (options.source ? `${options.source}:${line}` : `line ${line}`);
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: DelimitedRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let quoteLine = 0;
  let afterQuote = false; // just closed a quoted field: only a delimiter or the end of the record may follow
  const push = () => {
    if (field.length > maxField) throw new InputError(`${at(recordLine)}: a field is longer than ${maxField} characters.`);
    fields.push(field);
    field = '';
    afterQuote = false;
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (quoted) {
      if (c === '"' && source[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') (quoted = false), (afterQuote = true);
      else {
        // a line break inside quotes: LF, CRLF (counted at its LF) or a lone CR, as outside quotes
        if (c === '\n' || (c === '\r' && source[i + 1] !== '\n')) line++;
        field += c;
        if (field.length > maxField) throw new InputError(`${at(quoteLine)}: a quoted field runs past ${maxField} characters (an unterminated quote?).`);
      }
    } else if (c === delimiter) push();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && source[i + 1] === '\n') i++;
      push();
      records.push({ line: recordLine, endLine: line, fields });
      fields = [];
      recordLine = ++line;
    } else if (afterQuote) {
      // A quote that spans lines before this is most often one left open where it started: name that line.
      if (quoteLine < line) {
        throw new InputError(
          `${at(quoteLine)}: the quote opened on line ${quoteLine} only closes on line ${line}, where ${JSON.stringify(c)} follows it; ` +
            `close the quote on line ${quoteLine} (a quote inside a quoted field is written "").`,
        );
      }
      throw new InputError(`${at(line)}: unexpected ${JSON.stringify(c)} after a closing quote; a quote inside a quoted field is written "".`);
    } else if (c === '"') {
      if (field !== '') throw new InputError(`${at(line)}: a quote in the middle of an unquoted field; quote the whole field and double inner quotes ("say ""hi""").`);
      quoted = true;
      quoteLine = line;
    } else field += c;
  }
  if (quoted) throw new InputError(`${at(quoteLine)}: a quoted field is never closed (unterminated "); every opening quote needs a closing one.`);
  if (field !== '' || fields.length > 0 || afterQuote) {
    push();
    records.push({ line: recordLine, endLine: line, fields });
  }
  return records;
}

/**
 * For errors about a record's fields: when the record spans lines, says so and names the line a
 * quote may have been left open on (the usual cause of a wrong field count); otherwise ''.
 */
export function recordSpanNote(record: Pick<DelimitedRecord, 'line' | 'endLine'>): string {
  if (record.endLine <= record.line) return '';
  return ` This record runs from line ${record.line} to line ${record.endLine} because a quoted field holds line breaks: is a closing quote missing on line ${record.line}?`;
}
