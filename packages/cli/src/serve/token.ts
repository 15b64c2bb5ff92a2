import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { InputError } from '@attune/core';

/** The environment variable that holds the server's bearer token when no `--token-file` is given. */
export const TOKEN_ENV = 'ATTUNE_SERVE_TOKEN';
/** Shorter tokens can be guessed; 16 visible characters is 64+ bits even from a small alphabet. */
const MIN_TOKEN_CHARS = 16;
/** A token file is a few dozen bytes; reading more (a device such as /dev/zero, a log file) is a mistake. */
const MAX_TOKEN_FILE_BYTES = 4096;

/**
 * The text of a small regular file. Anything else is refused without reading it: a FIFO or a
 * terminal would block start-up forever, a device such as /dev/zero would fill memory.
 */
async function readSmallFile(file: string): Promise<string> {
  // O_NONBLOCK: opening a FIFO with no writer must not wait for one
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'not a regular file' });
    if (info.size > MAX_TOKEN_FILE_BYTES) throw Object.assign(new Error('too large'), { code: `${info.size} bytes; a token file holds at most ${MAX_TOKEN_FILE_BYTES}` });
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

/**
 * The bearer token from `--token-file` (its content, surrounding whitespace removed) or, without
 * one, from ATTUNE_SERVE_TOKEN; undefined when neither is set (no token needed). A file is
 * preferred to the variable because a variable shows in the process list of some tools.
 */
export async function readServeToken(file: string | undefined, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  let token: string;
  let source: string;
  if (file !== undefined) {
    try {
      token = (await readSmallFile(file)).trim();
    } catch (error) {
      throw new InputError(`--token-file ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
    }
    source = `--token-file ${file}`;
  } else {
    const value = env[TOKEN_ENV];
    if (value === undefined) return undefined;
    token = value.trim();
    source = TOKEN_ENV;
  }
  if (token.length < MIN_TOKEN_CHARS) throw new InputError(`${source}: the token has ${token.length} characters; use at least ${MIN_TOKEN_CHARS} (e.g. openssl rand -hex 32).`);
  if (!/^[\x21-\x7e]+$/.test(token)) throw new InputError(`${source}: the token must be visible ASCII characters without spaces (e.g. openssl rand -hex 32).`);
  return token;
}
