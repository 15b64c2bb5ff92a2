import type { DeviceKind, SessionOptions } from './backend.js';
import { ConfigError } from './errors/config-error.js';

/** Every device a backend may name. */
export const DEVICE_KINDS: readonly DeviceKind[] = ['cpu', 'cuda', 'webgpu', 'wasm'];

/** The most threads a session or engine may ask for (the CLI's --threads has the same cap). */
export const MAX_THREADS = 1024;

const OPTIMISATION_LEVELS = ['disabled', 'basic', 'extended', 'all'] as const;

/**
 * Refuses device and thread settings a runtime cannot use, before a session is opened: unchecked,
 * `devices: 'cpu'` was tried letter by letter, `threads: -1` surfaced as "no backend could run the
 * model", and `threads: 100000` hung while ONNX Runtime created the threads.
 */
export function checkSessionOptions(options: unknown, where = 'session'): SessionOptions {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) throw new ConfigError(`${where} options`, options, 'an object such as { devices: [\'cpu\'], threads: 2 }');
  const o = options as SessionOptions;
  if (o.devices !== undefined && o.devices !== 'auto') checkDevices(o.devices, `${where}.devices`);
  if (o.threads !== undefined) checkThreads(o.threads, `${where}.threads`);
  if (o.graphOptimization !== undefined && !OPTIMISATION_LEVELS.includes(o.graphOptimization)) {
    throw new ConfigError(`${where}.graphOptimization`, o.graphOptimization, `one of ${OPTIMISATION_LEVELS.map((l) => `'${l}'`).join(', ')}`);
  }
  if (o.onFallback !== undefined && typeof o.onFallback !== 'function') throw new ConfigError(`${where}.onFallback`, o.onFallback, 'a function (message) => void');
  return o;
}

/** A non-empty list of known devices, e.g. `['cuda', 'cpu']`. */
export function checkDevices(devices: unknown, field: string): asserts devices is DeviceKind[] {
  const known = DEVICE_KINDS.map((d) => `'${d}'`).join(', ');
  if (!Array.isArray(devices) || devices.length === 0) throw new ConfigError(field, devices, `a non-empty array of devices to try in order, from ${known}`);
  const bad = devices.find((d) => !DEVICE_KINDS.includes(d));
  if (bad !== undefined) throw new ConfigError(field, bad, `devices from ${known}`);
}

/** A thread count: an integer in [1, MAX_THREADS]. */
export function checkThreads(threads: unknown, field: string): asserts threads is number {
  if (!(typeof threads === 'number' && Number.isInteger(threads) && threads >= 1 && threads <= MAX_THREADS)) {
    throw new ConfigError(field, threads, `an integer in [1, ${MAX_THREADS}] (leave it out for the runtime's default)`);
  }
}
