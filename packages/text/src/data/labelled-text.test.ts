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
});
