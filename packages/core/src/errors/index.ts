export { AttuneError, type AttuneErrorCode } from './attune-error.js';
export { ConfigError } from './config-error.js';
export { InputError } from './input-error.js';
export { NonFiniteLossError, AbortedError, CheckpointMismatchError } from './training-errors.js';
