import { inputErrorMessage } from '@attune/core/testing';
import { describe, expect, it } from 'vitest';
import { column, formatOf, parseTable } from './table.js';

const refuse = (source: string, format: 'csv' | 'tsv' | 'jsonl') => inputErrorMessage(() => parseTable(source, format, 'data.x'));

describe('parseTable', () => {
  it('reads RFC 4180 CSV: quoted commas, doubled quotes, newlines in fields, CRLF, a byte-order mark', () => {
    const rows = parseTable('\ufefftext,label\r\n"a, b",x\r\n"say ""hi""\nthere",y\r\nplain,z', 'csv', 'f.csv');
    expect(rows.map((r) => r.values)).toEqual([
      { text: 'a, b', label: 'x' },
      { text: 'say "hi"\nthere', label: 'y' },
      { text: 'plain', label: 'z' },
    ]);
    expect(rows.map((r) => r.line)).toEqual([2, 3, 5]);
  });

  it('names the file and line of broken CSV', () => {
    expect(refuse('text,label\n"open,x\n', 'csv')).toMatch(/^data\.x:2: a quoted field is never closed/);
    expect(refuse('text,label\nab"c,x\n', 'csv')).toMatch(/^data\.x:2: a quote in the middle of an unquoted field/);
    expect(refuse('text,label\n"ab"c,x\n', 'csv')).toMatch(/^data\.x:2: unexpected "c" after a closing quote/);
    expect(refuse('text,label\na,b,c\n', 'csv')).toMatch(/^data\.x:2: expected 2 fields \(text, label\), found 3/);
    expect(refuse('', 'csv')).toMatch(/is empty/);
    expect(refuse('text,text\n', 'csv')).toMatch(/names column "text" twice/);
  });

  it('points at the line a quote was left open on when it swallows the lines after it', () => {
    // a quote opened on line 3 closes at the end of line 5 and leaves a record of 4 fields
    expect(refuse('text,label\nok,x\n"open,x\nb,c\nd",e,f\n', 'csv')).toMatch(
      /^data\.x:3: expected 2 fields \(text, label\), found 3\..* runs from line 3 to line 5 .* closing quote missing on line 3\?/,
    );
    expect(refuse('text,label\nok,x\n"open,x\nb,c\nd "e",f\n', 'csv')).toMatch(/^data\.x:3: the quote opened on line 3 only closes on line 5/);
  });

  it('reads TSV and JSON lines, and refuses lines that are not JSON objects', () => {
    expect(parseTable('text\tlabel\nhello\tx\n', 'tsv', 'f').map((r) => r.values)).toEqual([{ text: 'hello', label: 'x' }]);
    expect(parseTable('{"text":"a","label":"x"}\n\n{"text":"b","label":2}\n', 'jsonl', 'f').map((r) => r.values)).toEqual([
      { text: 'a', label: 'x' },
      { text: 'b', label: '2' },
    ]);
    expect(refuse('{"text":"a"\n', 'jsonl')).toMatch(/^data\.x:1: not valid JSON/);
    expect(refuse('[1,2]\n', 'jsonl')).toMatch(/^data\.x:1: expected a JSON object .* got an array/);
  });

  it('column() names a missing column and refuses nested values', () => {
    const [row] = parseTable('{"text":{"deep":[1]},"label":"x"}', 'jsonl', 'f');
    expect(() => column(row!, 'txt', 'f')).toThrow(/no "txt" column; the columns are text, label/);
    expect(() => column(row!, 'text', 'f')).toThrow(/"text" must be a string or a number/);
  });

  it('formatOf knows the extensions and says which it wants', () => {
    expect([formatOf('a.CSV'), formatOf('b.tsv'), formatOf('c.jsonl')]).toEqual(['csv', 'tsv', 'jsonl']);
    expect(() => formatOf('d.xlsx')).toThrow(/use \.csv, \.tsv or \.jsonl/);
  });
});
