// Where a decode failed and how to say so: the slow path of decode-text.ts, taken only on failure,
// and the byte-level line splitting both share.
import { InputError } from '../errors/input-error.js';
import type { DecodeTextOptions } from './decode-text.js';

const DEFAULT_HINT = "pass its encoding (e.g. encoding: 'latin1')";

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The bytes of a line feed in `encoding`: two in UTF-16 (read at even offsets), one in every other encoding TextDecoder knows. */
export function newlineBytes(encoding: string): readonly number[] {
  if (encoding === 'utf-16le') return [0x0a, 0x00];
  if (encoding === 'utf-16be') return [0x00, 0x0a];
  return [0x0a];
}

export function* newlineOffsets(bytes: Uint8Array, newline: readonly number[]): Generator<number> {
  if (newline.length === 1) {
    for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, i + 1)) yield i;
    return;
  }
  for (let i = 0; i + 1 < bytes.length; i += 2) if (bytes[i] === newline[0] && bytes[i + 1] === newline[1]) yield i;
}

/** The InputError for bytes that do not decode: finds the first bad line (the slow path, taken only on failure). */
export function invalidBytes(bytes: Uint8Array, encoding: string, options: DecodeTextOptions): InputError {
  const newline = newlineBytes(encoding);
  let start = 0;
  let line = 1;
  for (const end of [...newlineOffsets(bytes, newline), bytes.length]) {
    const lineBytes = bytes.subarray(start, end);
    try {
      new TextDecoder(encoding, { fatal: true, ignoreBOM: line > 1 }).decode(lineBytes);
    } catch {
      return lineError(line, lineBytes, encoding, line === 1, options);
    }
    start = end + newline.length;
    line++;
  }
  // every line decodes alone: the fault spans a line break (an odd-length UTF-16 file, say)
  return new InputError(`${options.source ?? 'the text'}: not valid ${encoding} text. ${hint(bytes, encoding, options)}`);
}

export function lineError(line: number, bytes: Uint8Array, encoding: string, first: boolean, options: DecodeTextOptions): InputError {
  // The shortest prefix that fails: a streaming decode holds back an unfinished sequence, so the
  // prefix fails at the byte that makes the sequence invalid. Failure is monotone in the length.
  const decodes = (n: number) => {
    try {
      new TextDecoder(encoding, { fatal: true, ignoreBOM: !first }).decode(bytes.subarray(0, n), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  let lo = 0; // decodes
  let hi = bytes.length; // fails when not streaming; a prefix may still decode
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (decodes(mid)) lo = mid;
    else hi = mid;
  }
  const before = new TextDecoder(encoding, { ignoreBOM: !first }).decode(bytes.subarray(0, lo), { stream: true });
  const column = [...before].length + 1;
  // in UTF-8 the bad sequence starts right after the bytes of the text before it
  const at = encoding === 'utf-8' ? new TextEncoder().encode(before).length + (first && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0) : -1;
  const shown = at >= 0 && at < bytes.length ? ` (byte 0x${bytes[at]!.toString(16).toUpperCase().padStart(2, '0')})` : '';
  return new InputError(`${where(line, column, options)}: not valid ${encoding} text${shown}. ${hint(first ? bytes : undefined, encoding, options)}`);
}

export function nulError(text: string, index: number, encoding: string, options: DecodeTextOptions): InputError {
  const lineStart = text.lastIndexOf('\n', index) + 1;
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return lineNulError(line, [...text.slice(lineStart, index)].length + 1, encoding, options);
}

export function lineNulError(line: number, column: number, encoding: string, options: DecodeTextOptions): InputError {
  const utf16 = encoding === 'utf-16le' || encoding === 'utf-16be';
  const cause = utf16 ? '' : ` (is the file UTF-16? Then ${options.encodingHint ?? DEFAULT_HINT})`;
  return new InputError(`${where(line, column, options)}: a NUL character, which text data never holds${cause}.`);
}

function where(line: number, column: number, options: DecodeTextOptions): string {
  return options.source ? `${options.source}:${line}:${column}` : `line ${line}, column ${column}`;
}

function hint(bytes: Uint8Array | undefined, encoding: string, options: DecodeTextOptions): string {
  const other = options.encodingHint ?? DEFAULT_HINT;
  if (encoding === 'utf-8' && bytes && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return `It starts with a UTF-16 byte-order mark (${bytes[0] === 0xff ? 'utf-16le' : 'utf-16be'}): ${other}.`;
  }
  return encoding === 'utf-8' ? `Save it as UTF-8, or ${other}.` : `Is it in another encoding? Then ${other}.`;
}
