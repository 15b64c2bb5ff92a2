import { open } from 'node:fs/promises';
import { decodeText, InputError } from '@attune/core';

/** Ends the message for bytes that do not decode: how to name the file's encoding on the command line. */
export const ENCODING_HINT = 'name its encoding with --encoding (e.g. --encoding latin1 or --encoding utf-16le)';

/**
 * Largest data file read (bytes). Its text must fit in one JavaScript string (V8 allows about 2^29
 * characters); the bound also stops an endless device (`/dev/zero`) from filling memory.
 */
export const MAX_DATA_FILE_BYTES = 512_000_000;
/** Largest `--config` file: settings are a few hundred bytes. */
export const MAX_CONFIG_FILE_BYTES = 1024 * 1024;

/**
 * The bytes of a file the user named, read to at most `maxBytes`: a directory, or a file (or pipe,
 * or device) with more bytes than that, is an InputError naming it, not an EISDIR without a path or
 * a read that never ends. Pipes (`<(...)`, `/dev/stdin`) work.
 */
export async function readUserFile(file: string, maxBytes = MAX_DATA_FILE_BYTES): Promise<Buffer> {
  const tooBig = () => new InputError(`${file} has more than ${maxBytes} bytes, the most read from one file; split it or give a smaller one.`);
  const handle = await open(file, 'r');
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new InputError(`${file} is a directory; give a file.`);
    if (info.isFile() && info.size > maxBytes) throw tooBig();
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buffer = Buffer.allocUnsafe(Math.min(1 << 20, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) throw tooBig();
    }
    return Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}

/**
 * A data file's text, decoded strictly (core's `decodeText`): invalid bytes are an InputError naming
 * the file, line and column, never replacement characters. `encoding` is `--encoding` (default UTF-8).
 */
export async function readTextFile(file: string, encoding?: string, maxBytes = MAX_DATA_FILE_BYTES): Promise<string> {
  return decodeText(await readUserFile(file, maxBytes), { source: file, encodingHint: ENCODING_HINT, ...(encoding ? { encoding } : {}) });
}
