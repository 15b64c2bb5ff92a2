// Data files are decoded strictly: a byte that is not valid text is refused where it is, never
// replaced by U+FFFD (which would merge distinct labels such as caf\xe9 and caf\xe8).
import { describe, expect, it } from 'vitest';
import { inputErrorMessage } from '../testing/index.js';
import { decodeText, resolveEncoding, TextLineDecoder } from './decode-text.js';

const bytes = (...parts: Array<string | number[]>) => Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'utf8')] : p)));
const lines = (decoder: TextLineDecoder, chunks: Uint8Array[]) => [...chunks.flatMap((c) => [...decoder.push(c)]), ...decoder.end()];

describe('decodeText', () => {
  it('refuses invalid UTF-8 with the file, line, column and byte, instead of merging labels', () => {
    const latin1 = bytes('text,label\nnice,ok\nbon,caf', [0xe9], '\nmauvais,caf', [0xe8], '\n');
    expect(inputErrorMessage(() => decodeText(latin1, { source: 'data.csv' }))).toMatch(/^data\.csv:3:8: not valid utf-8 text \(byte 0xE9\)\. Save it as UTF-8, or pass its encoding \(e\.g\. encoding: 'latin1'\)\.$/);
    expect(inputErrorMessage(() => decodeText(bytes('ab', [0xff])))).toMatch(/^line 1, column 3: not valid utf-8 text \(byte 0xFF\)/);
    // a truncated sequence at the very end, and a lone continuation byte after a BOM
    expect(inputErrorMessage(() => decodeText(bytes('ok\n€', [0xe2, 0x82])))).toMatch(/^line 2, column 2: .*byte 0xE2/);
    expect(inputErrorMessage(() => decodeText(bytes([0xef, 0xbb, 0xbf], 'é', [0x80])))).toMatch(/^line 1, column 2: .*byte 0x80/);
  });

  it('decodes an explicit encoding, and drops a byte-order mark', () => {
    const latin1 = bytes('label\ncaf', [0xe9], '\ncaf', [0xe8], '\n');
    expect(decodeText(latin1, { encoding: 'latin1' })).toBe('label\ncafé\ncafè\n');
    expect(decodeText(bytes([0xef, 0xbb, 0xbf], 'text,label\n'))).toBe('text,label\n');
    const utf16 = new Uint8Array([0xff, 0xfe, ...Buffer.from('a,b\nc,é\n', 'utf16le')]);
    expect(decodeText(utf16, { encoding: 'utf-16le' })).toBe('a,b\nc,é\n');
    // the same file read as UTF-8: named as UTF-16 by its byte-order mark
    expect(inputErrorMessage(() => decodeText(utf16, { encodingHint: 'pass --encoding' }))).toMatch(/^line 1, column 1: .*UTF-16 byte-order mark \(utf-16le\): pass --encoding\.$/);
    // a lone surrogate in UTF-16 is refused on its line
    const lone = new Uint8Array([...Buffer.from('ok\n', 'utf16le'), 0x00, 0xd8, ...Buffer.from('x', 'utf16le')]);
    expect(inputErrorMessage(() => decodeText(lone, { encoding: 'utf-16le' }))).toMatch(/^line 2, column 1: not valid utf-16le text/);
  });

  it('refuses NUL characters (a UTF-16 file without a byte-order mark read as UTF-8)', () => {
    expect(inputErrorMessage(() => decodeText(new Uint8Array(Buffer.from('text\nab', 'utf16le')), { source: 'f.tsv' }))).toMatch(/^f\.tsv:1:2: a NUL character, which text data never holds \(is the file UTF-16\? Then pass its encoding/);
  });

  it('names an unknown encoding as a ConfigError, and maps labels to their canonical names', () => {
    expect(resolveEncoding('latin1')).toBe('windows-1252');
    expect(resolveEncoding('UTF8')).toBe('utf-8');
    expect(() => resolveEncoding('klingon', '--encoding')).toThrow(/Invalid --encoding: got "klingon"; expected a text encoding such as utf-8/);
    expect(() => resolveEncoding('iso-2022-kr')).toThrow(/Invalid encoding/); // maps to "replacement": decodes nothing
    expect(() => decodeText('text' as unknown as Uint8Array)).toThrow(/expects the file's bytes/);
  });
});

describe('TextLineDecoder', () => {
  it('splits a byte stream into numbered lines whatever the chunk boundaries, dropping CR and a leading BOM', () => {
    const all = bytes([0xef, 0xbb, 0xbf], 'one\r\n\ntwo €\nthree');
    for (const size of [1, 2, 3, 5, all.length]) {
      const chunks = Array.from({ length: Math.ceil(all.length / size) }, (_, i) => all.subarray(i * size, (i + 1) * size));
      expect(lines(new TextLineDecoder(), chunks)).toEqual([
        { line: 1, text: 'one' },
        { line: 2, text: '' },
        { line: 3, text: 'two €' },
        { line: 4, text: 'three' },
      ]);
    }
  });

  it('refuses a line longer than maxLineBytes as its bytes arrive, however they are chunked', () => {
    const decoder = new TextLineDecoder({ source: 'in', maxLineBytes: 8 });
    expect(lines(decoder, [bytes([], '12345678\n1234'), bytes([], '5678\n')])).toEqual([{ line: 1, text: '12345678' }, { line: 2, text: '12345678' }]);
    const endless = new TextLineDecoder({ source: 'in', maxLineBytes: 8 });
    expect(() => lines(endless, [bytes([], 'ok\n12345'), bytes([], '6789')])).toThrow(/^in:2: a line longer than 8 bytes/);
    expect(() => lines(new TextLineDecoder({ maxLineBytes: 3 }), [bytes([], 'abcd\n')])).toThrow(/^line 1: a line longer than 3 bytes/);
  });

  it('reads UTF-16 split at odd byte offsets, and refuses a bad line by number as it arrives', () => {
    const utf16 = new Uint8Array(Buffer.from('\ufeffa\n\u0a00b\n', 'utf16le')); // U+0A00 holds a 0x0A byte
    const chunks = Array.from({ length: utf16.length }, (_, i) => utf16.subarray(i, i + 1));
    expect(lines(new TextLineDecoder({ encoding: 'utf-16le' }), chunks).map((l) => l.text)).toEqual(['a', '\u0a00b']);
    const decoder = new TextLineDecoder({ source: 'stdin' });
    expect([...decoder.push(bytes('fine\n'))]).toEqual([{ line: 1, text: 'fine' }]);
    // the good line before the bad one in the same chunk still comes out first
    const got: string[] = [];
    expect(inputErrorMessage(() => {
      for (const l of decoder.push(bytes('good\ncaf', [0xe9], '\nlater\n'))) got.push(l.text);
    })).toMatch(/^stdin:3:4: not valid utf-8 text \(byte 0xE9\)/);
    expect(got).toEqual(['good']);
  });
});
