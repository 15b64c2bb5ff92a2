// The one delimited-text reader of the SDK (text's CSVs, the CLI's data files, recommend's logs).
import { describe, expect, it } from 'vitest';
import { inputErrorMessage } from '../testing/index.js';
import { parseDelimited, recordSpanNote, type ParseDelimitedOptions } from './delimited.js';

const refuse = (text: string, options: ParseDelimitedOptions = {}) => inputErrorMessage(() => parseDelimited(text, options));

describe('parseDelimited', () => {
  it('reads RFC 4180: quoted delimiters, doubled quotes, line breaks in fields, CRLF, a byte-order mark', () => {
    const records = parseDelimited('\ufefftext,label\r\n"a, b",x\r\n"say ""hi""\nthere",y\r\nplain,z');
    expect(records.map((r) => r.fields)).toEqual([['text', 'label'], ['a, b', 'x'], ['say "hi"\nthere', 'y'], ['plain', 'z']]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 5]);
  });

  it('keeps blank lines and empty fields for the caller, and reads other delimiters', () => {
    expect(parseDelimited('a,,\n\n"",b').map((r) => r.fields)).toEqual([['a', '', ''], [''], ['', 'b']]);
    expect(parseDelimited('1\t"x\ty"\t3\n', { delimiter: '\t' }).map((r) => r.fields)).toEqual([['1', 'x\ty', '3']]);
  });

  it('names the line (and the source when given) of broken quoting', () => {
    expect(refuse('text,label\n"open,x\nnext,y\n')).toMatch(/^line 2: a quoted field is never closed/);
    expect(refuse('text,label\nab"c,x\n', { source: 'data.csv' })).toMatch(/^data\.csv:2: a quote in the middle of an unquoted field/);
    expect(refuse('text,label\n"ab"c,x\n')).toMatch(/^line 2: unexpected "c" after a closing quote/);
    expect(refuse('"' + 'x'.repeat(50), { maxFieldChars: 10 })).toMatch(/^line 1: a quoted field runs past 10 characters/);
    expect(refuse('a;b', { delimiter: ';;' })).toMatch(/one character/);
  });

  it('names the line a quote was opened on, not the line where the parser noticed it was left open', () => {
    // 101 good rows, an unclosed quote on line 102, and a normally quoted field on line 106
    const rows = ['text,label', ...Array.from({ length: 100 }, (_, i) => `row ${i},x`)];
    const open = [...rows, '"left open,x', 'a,b', 'c,d', 'e,f', 'g,"quoted",h', 'more,y'].join('\n');
    expect(refuse(open, { source: 'data.csv' })).toMatch(/^data\.csv:102: the quote opened on line 102 only closes on line 106, where "q" follows it/);
    // the same with CRLF and lone-CR line ends: line numbers count every kind of line break
    expect(refuse(open.replaceAll('\n', '\r\n'))).toMatch(/^line 102: .* only closes on line 106/);
    expect(refuse(open.replaceAll('\n', '\r'))).toMatch(/^line 102: .* only closes on line 106/);
    // never closed at all: the opening line, whatever follows
    expect(refuse([...rows, '"left open,x', 'a,b', 'c,d'].join('\n'))).toMatch(/^line 102: a quoted field is never closed/);
  });

  it('gives each record the lines it spans, and recordSpanNote points at the line a quote may be missing on', () => {
    const records = parseDelimited('a,b\n"x\ny\nz",w\nlast,v');
    expect(records.map((r) => [r.line, r.endLine])).toEqual([[1, 1], [2, 4], [5, 5]]);
    expect(recordSpanNote(records[0]!)).toBe('');
    expect(recordSpanNote(records[1]!)).toMatch(/runs from line 2 to line 4 .* closing quote missing on line 2\?/);
  });
});
