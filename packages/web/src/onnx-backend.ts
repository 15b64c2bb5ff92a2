import {
  adaptOrtSession,
  checkSessionOptions,
  checkThreads,
  createRunQueue,
  inspectOnnx,
  resolveDevice,
  type Backend,
  type DeviceInfo,
  type DeviceKind,
  type Session,
  type SessionOptions,
} from '@attune/core';
// The default entry of onnxruntime-web 1.30 (the "jsep" build) runs both WebGPU and WASM; `/webgpu`
// is the newer WebGPU-only-EP build and `/wasm` has no GPU at all. In Node it resolves to a WASM build.
import * as ort from 'onnxruntime-web';

/** How to get WebGPU when the browser does not offer it. */
export const WEBGPU_HINT =
  'WebGPU needs a secure context (https or localhost), a browser that ships it (e.g. Chrome/Edge 113+) ' +
  'and a usable GPU adapter; on Linux Chrome may need --enable-unsafe-webgpu. WASM works everywhere.';

export interface WebBackendOptions {
  /**
   * Where onnxruntime-web finds `ort-wasm-simd-threaded.jsep.{mjs,wasm}`: a URL prefix ending in `/`
   * (e.g. `/ort/`, resolved against the page's or worker's location) or `{ mjs, wasm }` URLs. Serve these files from your own app; nothing is fetched
   * from a CDN. Default: next to the script that imports onnxruntime-web. Sets `ort.env.wasm.wasmPaths`.
   */
  wasmPaths?: string | { mjs?: string | URL; wasm?: string | URL };
  /**
   * WASM threads. Threads need cross-origin isolation (COOP `same-origin` + COEP `require-corp`);
   * without it the default is 1. Default under isolation: onnxruntime-web's own choice
   * (half the cores, at most 4). Sets `ort.env.wasm.numThreads`.
   */
  numThreads?: number;
  /** Run WASM inference in onnxruntime-web's own worker, off the calling thread. Default false. */
  proxy?: boolean;
  /**
   * onnxruntime-web's own log level (`ort.env.logLevel`): its warnings (e.g. nodes placed on the CPU
   * by the WebGPU provider) reach the console as errors. Default onnxruntime-web's (`warning`).
   */
  logLevel?: 'verbose' | 'info' | 'warning' | 'error' | 'fatal';
}

/**
 * onnxruntime-web is one runtime per page or worker: its runs (inference sessions and training
 * engines alike) are queued together.
 */
export const RUNS_OF_THIS_REALM = createRunQueue();

/**
 * ONNX Runtime Web: WebGPU when `navigator.gpu` gives an adapter, WASM otherwise. Works on the main
 * thread and inside a Web Worker (it only touches `globalThis`). onnxruntime-web's `env` is global and
 * read once, when the first session initialises the runtime: later options do not change it.
 */
export function createWebBackend(options: WebBackendOptions = {}): Backend {
  let devicesOnce: Promise<DeviceInfo[]> | undefined;
  const devices = () => (devicesOnce ??= detectDevices());
  return {
    specificationVersion: 'v1',
    name: 'onnxruntime-web',
    devices,
    async createSession(model: Uint8Array, given?: SessionOptions): Promise<Session> {
      const opts = checkSessionOptions(given);
      if (!(model instanceof Uint8Array)) throw new TypeError(`createSession expects the ONNX model as a Uint8Array; got ${typeof model}.`);
      inspectOnnx(model); // a file that is not a model is the caller's problem, not a device failure
      configureEnv(options);
      const order: DeviceKind[] = !opts.devices || opts.devices === 'auto' ? ['webgpu', 'wasm'] : opts.devices;
      return resolveDevice(
        'onnxruntime-web',
        order,
        await devices(),
        async (device) =>
          adaptOrtSession(await ort.InferenceSession.create(model, sessionOptions(device, opts)), device, {
            toTensor: (t) => new ort.Tensor(t.type, t.data, t.dims),
            // onnxruntime-web refuses a run on any session while one is in flight ("Session already
            // started"), so every session of the page (or worker) waits its turn in one queue
            serializeRuns: RUNS_OF_THIS_REALM,
          }),
        opts.onFallback ?? ((m) => console.warn(m)),
      );
    },
  };
}

function configureEnv(options: WebBackendOptions): void {
  if (options.wasmPaths !== undefined) ort.env.wasm.wasmPaths = absolute(options.wasmPaths);
  if (options.proxy !== undefined) ort.env.wasm.proxy = options.proxy;
  if (options.logLevel !== undefined) ort.env.logLevel = options.logLevel;
  if (options.numThreads !== undefined) {
    checkThreads(options.numThreads, 'numThreads');
    ort.env.wasm.numThreads = options.numThreads;
  } else if ((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === false) {
    // A page without COOP/COEP has no SharedArrayBuffer: say 1 rather than let ORT warn and fall back.
    ort.env.wasm.numThreads = 1;
  }
}

/** ORT resolves paths against its own script URL, which a bundler moves; `/ort/` means the app's origin. */
function absolute(paths: NonNullable<WebBackendOptions['wasmPaths']>): NonNullable<WebBackendOptions['wasmPaths']> {
  const base = (globalThis as { location?: { href: string } }).location?.href; // a page's or a worker's
  if (!base) return paths;
  const resolve = (p: string | URL | undefined) => (p === undefined ? p : new URL(p, base).href);
  return typeof paths === 'string' ? resolve(paths)! : { mjs: resolve(paths.mjs), wasm: resolve(paths.wasm) };
}

function sessionOptions(device: DeviceKind, opts: SessionOptions): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: [device === 'webgpu' ? 'webgpu' : 'wasm'],
    graphOptimizationLevel: opts.graphOptimization ?? 'all',
    ...(opts.threads ? { intraOpNumThreads: opts.threads, interOpNumThreads: 1 } : {}),
  };
}

interface GpuLike {
  requestAdapter(): Promise<unknown>;
}

async function detectDevices(): Promise<DeviceInfo[]> {
  // `navigator` rather than `window.navigator`: a worker has the former only.
  const gpu = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator?.gpu;
  let webgpu: DeviceInfo;
  if (!gpu) {
    webgpu = { kind: 'webgpu', available: false, reason: `navigator.gpu is missing. ${WEBGPU_HINT}` };
  } else {
    const adapter = await gpu.requestAdapter().catch(() => null);
    webgpu = adapter
      ? { kind: 'webgpu', available: true }
      : { kind: 'webgpu', available: false, reason: `navigator.gpu.requestAdapter() gave no adapter. ${WEBGPU_HINT}` };
  }
  const wasm: DeviceInfo =
    typeof WebAssembly === 'object'
      ? { kind: 'wasm', available: true }
      : { kind: 'wasm', available: false, reason: 'WebAssembly is disabled in this context (e.g. by a Content-Security-Policy).' };
  return [webgpu, wasm];
}
