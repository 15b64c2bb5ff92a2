import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import { AttuneError } from '@attune/core';
import { installThreadedWasm } from './wasm-threads.js';

export type NodeTfjsBackend = 'wasm' | 'cpu';

export interface SetupTfjsOptions {
  /**
   * `auto` (default) takes the fastest backend that initialises here: wasm (SIMD, threads), then the
   * pure-JS cpu backend. Measured on a 2-core machine (`npm run bench`), one training step of the
   * reference encoder takes ~0.4 s on wasm and over 20 s on cpu.
   */
  backend?: 'auto' | NodeTfjsBackend;
  /** WASM worker threads. Default: the machine's available parallelism, at most 4. 1 turns threads off. */
  threads?: number;
  /** Where the start-up line goes. Default console.info; `false` silences it. */
  log?: ((line: string) => void) | false;
}

export interface TfjsSetup {
  backend: NodeTfjsBackend;
  threads: number;
  /** The line printed at start-up, e.g. `tfjs backend: wasm (SIMD, 2 threads)`. */
  description: string;
  /** Why faster options were not used, one entry each (empty when the first choice worked). */
  fallbacks: string[];
}

let current: Promise<TfjsSetup> | undefined;

/**
 * Prepares tfjs for training in Node: registers tfjs' gradient functions, picks the fastest backend
 * that works, and says which it chose. Idempotent: later calls return the first call's result
 * (a wasm module and its threads can only be initialised once per process).
 */
export function setupTfjs(options: SetupTfjsOptions = {}): Promise<TfjsSetup> {
  current ??= initialise(options);
  return current;
}

async function initialise(options: SetupTfjsOptions): Promise<TfjsSetup> {
  // tfjs-core keeps its gradients in a module only bundlers can load; tfjs-layers' Node build
  // registers the same gradient set on import (and shares tfjs-core's engine).
  await import('@tensorflow/tfjs-layers');
  await import('@tensorflow/tfjs-backend-cpu');
  const wanted = options.backend ?? 'auto';
  const threads = options.threads ?? Math.min(4, os.availableParallelism?.() ?? os.cpus().length);
  const fallbacks: string[] = [];
  let chosen: TfjsSetup | undefined;

  if (wanted === 'auto' || wanted === 'wasm') {
    try {
      chosen = await initWasm(threads);
    } catch (error) {
      fallbacks.push(`wasm: ${(error as Error).message}`);
      if (wanted === 'wasm') {
        throw new AttuneError('BACKEND_UNAVAILABLE', `The tfjs wasm backend failed to start: ${(error as Error).message}`, { cause: error });
      }
    }
  }
  if (!chosen) {
    if (!(await tf.setBackend('cpu'))) throw new AttuneError('BACKEND_UNAVAILABLE', 'No tfjs backend could be initialised (tried wasm and cpu).');
    chosen = { backend: 'cpu', threads: 1, description: 'tfjs backend: cpu (pure JavaScript; far slower than wasm)', fallbacks };
  }
  chosen.fallbacks = fallbacks;
  const log = options.log === undefined ? (line: string) => console.info(line) : options.log;
  if (log) log(`[attune] ${chosen.description}${fallbacks.length ? ` — fell back because ${fallbacks.join('; ')}` : ''}`);
  return chosen;
}

async function initWasm(threads: number): Promise<TfjsSetup> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const require = createRequire(import.meta.url);
  wasm.setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + path.sep);
  const handle = threads > 1 ? installThreadedWasm(tf, wasm.setThreadsCount, threads) : undefined;
  try {
    if (!(await tf.setBackend('wasm'))) throw new Error('tf.setBackend("wasm") returned false');
    await tf.ready();
  } finally {
    handle?.restore();
  }
  const actual = wasm.getThreadsCount();
  return {
    backend: 'wasm',
    threads: actual,
    description: `tfjs backend: wasm (SIMD, ${actual} thread${actual === 1 ? '' : 's'})`,
    fallbacks: [],
  };
}
