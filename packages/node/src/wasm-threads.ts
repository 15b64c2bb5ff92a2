import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Worker as NodeWorker } from 'node:worker_threads';

/**
 * Makes tfjs-backend-wasm's threaded SIMD build run under Node's worker_threads. The backend ships
 * that build but treats Node as single-threaded; four browser assumptions stand in the way
 * (checked against @tensorflow/tfjs-backend-wasm 4.22.0, which @attune/node pins exactly):
 *  1. WASM_HAS_MULTITHREAD_SUPPORT is false whenever IS_NODE (flags_wasm.js) — we set the flag.
 *  2. The pthread worker script is handed over as a `blob:` URL, which worker_threads rejects —
 *     our Worker class evaluates the worker source the package also ships as a string.
 *  3. Workers are told to import the main script from a Blob, which Node's importScripts cannot
 *     read — we point them at the same factory file on disk.
 *  4. XNNPACK's pool size is capped at os.cpus().length / 2 (1 on a 2-core machine) — we report
 *     enough cores while the module instantiates, then restore os.cpus.
 * Workers are unref'd (and `ref()` is a no-op) so an idle thread pool never keeps Node alive.
 */
export interface ThreadedWasmHandle {
  /** Undo the temporary os.cpus() override once the backend has initialised. */
  restore(): void;
}

export function installThreadedWasm(
  tf: { env(): { set(flag: string, value: unknown): void } },
  setThreadsCount: (n: number) => void,
  threads: number,
): ThreadedWasmHandle {
  const require = createRequire(import.meta.url);
  const pkg = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  const workerSource = (
    require(path.join(pkg, 'wasm-out/tfjs-backend-wasm-threaded-simd.worker.js')) as { wasmWorkerContents: string }
  ).wasmWorkerContents.replace(/\n/g, '\\n'); // the escaping tfjs itself applies before making its Blob
  const factoryFile = path.join(pkg, 'wasm-out/tfjs-backend-wasm-threaded-simd.js');

  class TfjsPthreadWorker extends NodeWorker {
    constructor() {
      // The worker source is a classic script: drop --input-type=module (node -e users) so it
      // is not evaluated as an ES module, where `require` does not exist.
      super(workerSource, { eval: true, execArgv: process.execArgv.filter((a) => !a.startsWith('--input-type')) });
      this.unref();
    }
    override ref(): this {
      return this;
    }
    override postMessage(message: unknown, transfer?: readonly unknown[]): void {
      const m = message as { cmd?: string; urlOrBlob?: unknown } | null;
      const fixed = m?.cmd === 'load' && typeof m.urlOrBlob !== 'string' ? { ...m, urlOrBlob: factoryFile } : message;
      super.postMessage(fixed, transfer as never);
    }
  }
  // The Emscripten glue assigns global.Worker = worker_threads.Worker; keep ours in place.
  Object.defineProperty(globalThis, 'Worker', { configurable: true, get: () => TfjsPthreadWorker, set: () => {} });

  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  setThreadsCount(threads);
  const realCpus = os.cpus;
  os.cpus = () => {
    const cpus = realCpus();
    return Array.from({ length: 2 * threads }, (_, i) => cpus[i % cpus.length]!);
  };
  return { restore: () => void (os.cpus = realCpus) };
}
