import { OrtTrainingEngine, resolveDevice, type DeviceInfo, type OnnxTrainable, type OrtModule } from '@attune/core';
// The default entry (the "jsep" build) has both the WebGPU and the WASM execution providers.
import * as ort from 'onnxruntime-web';
import { RUNS_OF_THIS_REALM, WEBGPU_HINT, type WebBackendOptions } from './onnx-backend.js';

export type WebTrainingDevice = 'webgpu' | 'wasm';

export interface WebTrainingEngineOptions {
  /** Devices to try, in order. Default `['webgpu', 'wasm']`. `['wasm']` pins WASM. */
  devices?: WebTrainingDevice[];
  /**
   * WASM threads (sets `ort.env.wasm.numThreads`). Threads need cross-origin isolation (COOP/COEP);
   * without it the engine uses 1. Default under isolation: onnxruntime-web's choice (half the cores, at most 4).
   */
  threads?: number;
  /** Where onnxruntime-web finds its `.mjs` + `.wasm` files, as in `createWebBackend`. Sets `ort.env.wasm.wasmPaths`. */
  wasmPaths?: WebBackendOptions['wasmPaths'];
  /** Told once when a preferred device was skipped, and why. Default `console.warn`. */
  onFallback?: (message: string) => void;
}

/**
 * ONNX Runtime training in the browser (a page or a worker): each `fit()` step is one onnxruntime-web
 * session run (forward, loss, backward, clipping, AdamW), built from the model's ONNX emitters.
 * WebGPU when the browser gives an adapter and the training graph opens on it, else WASM; the chosen
 * device is in the engine's `name` (`onnxruntime-web-webgpu`, `onnxruntime-web-wasm (2 threads)`).
 * Like `createWebBackend`, it sets onnxruntime-web's global `ort.env`, which is read once, when the
 * first session of the page initialises the runtime.
 */
export async function createWebTrainingEngine(model: OnnxTrainable, options: WebTrainingEngineOptions = {}): Promise<OrtTrainingEngine> {
  configureEnv(options);
  const order = options.devices ?? ['webgpu', 'wasm'];
  return resolveDevice(
    'onnxruntime-web training',
    order,
    await detectDevices(),
    (device) =>
      OrtTrainingEngine.create(model, {
        ort: ort as unknown as OrtModule,
        name: device === 'wasm' ? `onnxruntime-web-wasm (${threadLabel()})` : 'onnxruntime-web-webgpu',
        // onnxruntime-web cannot write into caller-given output tensors: adopt the ones it returns.
        preallocateOutputs: false,
        // One provider per attempt, so a training graph that cannot open on WebGPU fails here and
        // resolveDevice falls back to WASM with a message that says why. (Single nodes the WebGPU
        // provider has no kernel for still run on ORT's CPU kernels inside the WebGPU session.)
        executionProviders: [device],
        // On WebGPU the updated weights and moments stay in GPU buffers between steps.
        keepOnDevice: device === 'webgpu',
        // the page's one queue: an inference run while a step is in flight would be refused
        // ("Session already started"), so steps and inference runs take turns
        runQueue: RUNS_OF_THIS_REALM,
      }),
    options.onFallback ?? ((m) => console.warn(m)),
  );
}

function configureEnv(options: WebTrainingEngineOptions): void {
  if (options.wasmPaths !== undefined) {
    // Relative to the page or worker, not to the (bundled, moved) script onnxruntime-web would use.
    const base = (globalThis as { location?: { href: string } }).location?.href;
    const resolve = (p: string | URL | undefined) => (p === undefined ? undefined : base ? new URL(p, base).href : String(p));
    const paths = options.wasmPaths;
    ort.env.wasm.wasmPaths = typeof paths === 'string' ? resolve(paths)! : { mjs: resolve(paths.mjs), wasm: resolve(paths.wasm) };
  }
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  if (options.threads !== undefined) {
    if (!Number.isInteger(options.threads) || options.threads < 1) {
      throw new RangeError(`Invalid threads: got ${options.threads}; expected an integer >= 1.`);
    }
    // Without SharedArrayBuffer, ORT would warn and drop to 1 anyway; say 1 up front.
    ort.env.wasm.numThreads = isolated === false ? 1 : options.threads;
  } else if (isolated === false) {
    ort.env.wasm.numThreads = 1;
  }
}

/** onnxruntime-web ignores the session's intraOpNumThreads: its global numThreads is what runs. */
function threadLabel(): string {
  const g = globalThis as { crossOriginIsolated?: boolean; navigator?: { hardwareConcurrency?: number } };
  // Unset means ORT's own default, computed the way ORT does when it initialises.
  const n = ort.env.wasm.numThreads || (g.crossOriginIsolated ? Math.min(4, Math.ceil((g.navigator?.hardwareConcurrency ?? 1) / 2)) : 1);
  return `${n} thread${n === 1 ? '' : 's'}`;
}

/** The same test as `createWebBackend`'s: WebGPU needs an adapter, not just `navigator.gpu`. */
async function detectDevices(): Promise<DeviceInfo[]> {
  const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<unknown> } } }).navigator?.gpu;
  const adapter = gpu ? await gpu.requestAdapter().catch(() => null) : null;
  const webgpu: DeviceInfo = adapter
    ? { kind: 'webgpu', available: true }
    : { kind: 'webgpu', available: false, reason: `${gpu ? 'navigator.gpu.requestAdapter() gave no adapter' : 'navigator.gpu is missing'}. ${WEBGPU_HINT}` };
  const wasm: DeviceInfo =
    typeof WebAssembly === 'object'
      ? { kind: 'wasm', available: true }
      : { kind: 'wasm', available: false, reason: 'WebAssembly is disabled in this context (e.g. by a Content-Security-Policy).' };
  return [webgpu, wasm];
}
