import { ConfigError } from '../errors/config-error.js';
import { InputError } from '../errors/input-error.js';

const DEFAULT_HINT = "pass its encoding (e.g. encoding: 'latin1')";

export interface DecodeTextOptions {
  /** Text encoding, any label `TextDecoder` knows (`utf-8`, `latin1`, `utf-16le`, `shift_jis`, …). Default `utf-8`. */
  encoding?: string;
  /** Named in error messages (`ratings.csv:12:5: …`). Default: messages say `line 12, column 5: …`. */
  source?: string;
  /** How to name another encoding, a phrase ending the error message. Default: "pass its encoding (e.g. encoding: 'latin1')". */
  encodingHint?: string;
}

/**
 * The canonical name of a text encoding label (`latin1` → `windows-1252`, as the WHATWG Encoding
 * standard maps it), or a ConfigError naming `field` for a label no decoder knows.
 */
export function resolveEncoding(label: string, field = 'encoding'): string {
  let name: string | undefined;
  try {
    name = new TextDecoder(label).encoding;
  } catch {
    name = undefined;
  }
  // "replacement" is what the standard maps unsafe legacy labels to: it decodes every byte to U+FFFD.
  if (!name || name === 'replacement') throw new ConfigError(field, label, 'a text encoding such as utf-8, latin1, utf-16le or shift_jis');
  return name;
}

/**
 * The text of a file's bytes, decoded strictly: bytes that are not valid in the encoding are an
 * InputError naming the line and column (never U+FFFD replacement characters, which would silently
 * merge distinct labels such as `caf\xe9` and `caf\xe8`), and so is a NUL character, which text
 * data never holds but a UTF-16 file read as UTF-8 does. A leading byte-order mark is dropped.
 */
export function decodeText(bytes: Uint8Array, options: DecodeTextOptions = {}): string {
  if (!(bytes instanceof Uint8Array)) throw new InputError(`decodeText expects the file's bytes as a Uint8Array; got ${Object.prototype.toString.call(bytes)}.`);
  const encoding = resolveEncoding(options.encoding ?? 'utf-8');
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    throw invalidBytes(bytes, encoding, options);
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) throw nulError(text, nul, encoding, options);
  return text;
}

/**
 * Lines of text from a stream of byte chunks, decoded strictly as `decodeText` does, each with its
 * 1-based number. Lines end at LF (a CR before it is dropped). Splitting happens on bytes, before
 * decoding, so a bad byte is reported on its own line even when the stream never ends.
 */
export class TextLineDecoder {
  readonly encoding: string;
  private readonly newline: readonly number[];
  /** Bytes of the line not yet ended, as received (joined once, when its line break arrives). */
  private parts: Uint8Array[] = [];
  /** UTF-16: a chunk's odd last byte, held so every chunk starts on a code-unit boundary. */
  private odd = new Uint8Array(0);
  private lineNumber = 0;

  constructor(private readonly options: DecodeTextOptions = {}) {
    this.encoding = resolveEncoding(options.encoding ?? 'utf-8');
    this.newline = newlineBytes(this.encoding);
  }

  /**
   * The complete lines in `input` (with what earlier chunks left over), one at a time, so the lines
   * before a bad one are handled before its error. Iterate each call to the end before the next.
   */
  *push(input: Uint8Array): Generator<{ line: number; text: string }> {
    let chunk = input;
    if (this.newline.length === 2) {
      chunk = concat([this.odd, input]);
      this.odd = chunk.length % 2 === 1 ? chunk.slice(-1) : new Uint8Array(0);
      chunk = chunk.subarray(0, chunk.length - this.odd.length);
    }
    let start = 0;
    for (const end of newlineOffsets(chunk, this.newline)) {
      this.parts.push(chunk.subarray(start, end));
      const bytes = concat(this.parts);
      this.parts = [];
      start = end + this.newline.length;
      yield this.decodeLine(bytes);
    }
    if (start < chunk.length) this.parts.push(chunk.slice(start));
  }

  /** The last line, when the stream does not end with a line break. */
  end(): Array<{ line: number; text: string }> {
    const rest = concat([...this.parts, this.odd]);
    this.parts = [];
    this.odd = new Uint8Array(0);
    return rest.length > 0 ? [this.decodeLine(rest)] : [];
  }

  private decodeLine(bytes: Uint8Array): { line: number; text: string } {
    const line = ++this.lineNumber;
    const first = line === 1;
    let text: string;
    try {
      // a byte-order mark counts only at the very start of the stream
      text = new TextDecoder(this.encoding, { fatal: true, ignoreBOM: !first }).decode(bytes);
    } catch {
      throw lineError(line, bytes, this.encoding, first, this.options);
    }
    if (text.endsWith('\r')) text = text.slice(0, -1);
    const nul = text.indexOf('\u0000');
    if (nul >= 0) throw lineNulError(line, [...text.slice(0, nul)].length + 1, this.encoding, this.options);
    return { line, text };
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
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
function newlineBytes(encoding: string): readonly number[] {
  if (encoding === 'utf-16le') return [0x0a, 0x00];
  if (encoding === 'utf-16be') return [0x00, 0x0a];
  return [0x0a];
}

function* newlineOffsets(bytes: Uint8Array, newline: readonly number[]): Generator<number> {
  if (newline.length === 1) {
    for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, i + 1)) yield i;
    return;
  }
  for (let i = 0; i + 1 < bytes.length; i += 2) if (bytes[i] === newline[0] && bytes[i + 1] === newline[1]) yield i;
}

/** The InputError for bytes that do not decode: finds the first bad line (the slow path, taken only on failure). */
function invalidBytes(bytes: Uint8Array, encoding: string, options: DecodeTextOptions): InputError {
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

function lineError(line: number, bytes: Uint8Array, encoding: string, first: boolean, options: DecodeTextOptions): InputError {
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

function nulError(text: string, index: number, encoding: string, options: DecodeTextOptions): InputError {
  const lineStart = text.lastIndexOf('\n', index) + 1;
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return lineNulError(line, [...text.slice(lineStart, index)].length + 1, encoding, options);
}

function lineNulError(line: number, column: number, encoding: string, options: DecodeTextOptions): InputError {
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
