import { ConfigError } from '../errors/config-error.js';
import { InputError } from '../errors/input-error.js';
import { concat, invalidBytes, lineError, lineNulError, newlineBytes, newlineOffsets, nulError } from './decode-errors.js';

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
  /** Bytes held in `parts`. */
  private heldBytes = 0;

  /**
   * `maxLineBytes`: longest line accepted (bytes, before decoding); a longer one is an InputError as
   * soon as its bytes arrive, so an endless stream without line breaks (`/dev/zero`) cannot fill memory.
   */
  constructor(private readonly options: DecodeTextOptions & { maxLineBytes?: number } = {}) {
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
      this.heldBytes = 0;
      start = end + this.newline.length;
      this.checkLength(bytes.length);
      yield this.decodeLine(bytes);
    }
    if (start < chunk.length) {
      this.parts.push(chunk.slice(start));
      this.heldBytes += chunk.length - start;
      this.checkLength(this.heldBytes);
    }
  }

  private checkLength(bytes: number): void {
    const most = this.options.maxLineBytes;
    if (most === undefined || bytes <= most) return;
    const where = this.options.source ? `${this.options.source}:${this.lineNumber + 1}` : `line ${this.lineNumber + 1}`;
    throw new InputError(`${where}: a line longer than ${most} bytes; write one input per line (is this a text file?).`);
  }

  /** The last line, when the stream does not end with a line break. */
  end(): Array<{ line: number; text: string }> {
    const rest = concat([...this.parts, this.odd]);
    this.parts = [];
    this.heldBytes = 0;
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
