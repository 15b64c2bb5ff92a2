import { describe, expect, it } from 'vitest';
import { parseCsv, parseLabelledCsv, parseLabelledTsv } from './labelled-text.js';

describe('labelled text files', () => {
  it('parses RFC 4180 quoting: commas, doubled quotes and newlines inside quotes, CRLF rows', () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi""\nbye"\r\n')).toEqual([['a', 'b'], ['x, y', 'say "hi"\nbye']]);
  });
  it('finds the text and label (or category) columns by header and says what is missing', () => {
    expect(parseLabelledCsv('category,text\nfee,"what fee, exactly?"\n')).toEqual([{ text: 'what fee, exactly?', label: 'fee' }]);
    expect(() => parseLabelledCsv('sentence,intent\na,b\n')).toThrow('needs a "text" column and a "label" (or "category") column; got sentence,intent');
  });
  it('splits tab-separated lines on the last tab', () => {
    expect(parseLabelledTsv('a\tb\tsports\r\nc\tnews\n')).toEqual([{ text: 'a\tb', label: 'sports' }, { text: 'c', label: 'news' }]);
  });
  it('refuses a quote never closed, rows with too many or too few fields, and a TSV line without a tab', () => {
    expect(() => parseLabelledCsv('text,label\n"open,x\nnext,y\n')).toThrow('line 2: a quoted field is never closed');
    expect(() => parseLabelledCsv('text,label\na,b,c\n')).toThrow('CSV line 2 has 3 fields but the header has 2; quote fields that contain commas');
    expect(() => parseLabelledCsv('text,label\nok,yes\nlonely\n')).toThrow('CSV line 3 has 1 field but the header has 2');
    expect(parseLabelledCsv('text,label\r\nok,yes\r\n\r\n')).toEqual([{ text: 'ok', label: 'yes' }]); // blank lines are skipped
    expect(() => parseLabelledTsv('fine\tsports\nno tab here\n')).toThrow('TSV line 2 has no tab; each line must be text<TAB>label.');
  });
});
