import { readFile } from 'node:fs/promises';
import { decodeText } from '@attune/core';

/** Ends the message for bytes that do not decode: how to name the file's encoding on the command line. */
export const ENCODING_HINT = 'name its encoding with --encoding (e.g. --encoding latin1 or --encoding utf-16le)';

/**
 * A data file's text, decoded strictly (core's `decodeText`): invalid bytes are an InputError naming
 * the file, line and column, never replacement characters. `encoding` is `--encoding` (default UTF-8).
 */
export async function readTextFile(file: string, encoding?: string): Promise<string> {
  return decodeText(await readFile(file), { source: file, encodingHint: ENCODING_HINT, ...(encoding ? { encoding } : {}) });
}
