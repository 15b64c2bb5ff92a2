import { AttuneError } from '@attune/core';

/** Exit statuses: scripts in CI branch on them, so they are part of the CLI's contract. */
export const EXIT_OK = 0;
/** Something inside Attune (or the platform) failed: a bug, a backend that would not start, a full disk. */
export const EXIT_INTERNAL = 1;
/** The user's input was wrong: a bad flag, a malformed data file, a refused artifact. Fix the input and retry. */
export const EXIT_BAD_INPUT = 2;

/** Training was stopped by SIGINT or SIGTERM after checkpointing (128 + SIGINT, as shells report Ctrl-C). */
export const EXIT_STOPPED = 130;

/**
 * Attune error codes that mean "your input was wrong" rather than "we failed". A loss gone NaN is
 * the settings' or the data's doing (its message says which to change), not a crash.
 */
const INPUT_CODES = new Set(['INVALID_INPUT', 'INVALID_CONFIG', 'CHECKPOINT_MISMATCH', 'NON_FINITE_LOSS']);

/** The exit status for an error thrown by a command. */
export function exitCodeFor(error: unknown): number {
  if (AttuneError.isInstance(error)) {
    if (error.code === 'ABORTED') return EXIT_STOPPED;
    return INPUT_CODES.has(error.code) ? EXIT_BAD_INPUT : EXIT_INTERNAL;
  }
  // commander's own usage errors (unknown option, missing argument)
  if (isCommanderError(error)) return error.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  // a path the user gave that does not exist or cannot be read is bad input, not a crash
  if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR' || code === 'EACCES') return EXIT_BAD_INPUT;
  return EXIT_INTERNAL;
}

function isCommanderError(error: unknown): error is { exitCode: number; code: string } {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string' &&
    (error as { code: string }).code.startsWith('commander.') && typeof (error as { exitCode?: unknown }).exitCode === 'number';
}
