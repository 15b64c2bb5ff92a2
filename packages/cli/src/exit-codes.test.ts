import { AttuneError, CheckpointMismatchError, ConfigError, NonFiniteLossError } from '@attune/core';
import { expect, it } from 'vitest';
import { EXIT_BAD_INPUT, EXIT_INTERNAL, exitCodeFor } from './exit-codes.js';

it('user errors (settings, input, checkpoints, a loss gone NaN through the settings) exit 2; the rest 1', () => {
  expect(exitCodeFor(new ConfigError('dModel', 1e9, 'an integer in [1, 4096]'))).toBe(EXIT_BAD_INPUT);
  expect(exitCodeFor(new AttuneError('INVALID_CONFIG', 'Unknown setting "evil"'))).toBe(EXIT_BAD_INPUT);
  expect(exitCodeFor(new CheckpointMismatchError('damaged'))).toBe(EXIT_BAD_INPUT);
  expect(exitCodeFor(new NonFiniteLossError(0, 3, Number.NaN))).toBe(EXIT_BAD_INPUT);
  expect(exitCodeFor(new Error('a bug'))).toBe(EXIT_INTERNAL);
});
