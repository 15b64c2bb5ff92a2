// The page's Attune runtime: onnxruntime-web on the device the user picked (WebGPU or WASM), with
// its runtime files served by this app (Vite fingerprints them; never a CDN).
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { createRuntime, type Backend, type Runtime } from '@attune/core';
import { createWebBackend, createWebTrainingEngine, WEBGPU_HINT } from '@attune/web';
import ortMjs from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.mjs?url';
import ortWasm from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url';

export type Device = 'webgpu' | 'wasm';

export const wasmPaths = { mjs: ortMjs, wasm: ortWasm };


/** What the browser offers, detected once (an adapter request can take a moment). */
export interface DeviceSupport {
  webgpu: boolean;
  /** Why WebGPU is missing, for the UI. */
  webgpuReason?: string;
  crossOriginIsolated: boolean;
  threads: number;
}

export async function detectDevices(): Promise<DeviceSupport> {
  const gpu = (navigator as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  const adapter = gpu ? await gpu.requestAdapter().catch(() => null) : null;
  const support: DeviceSupport = {
    webgpu: Boolean(adapter),
    crossOriginIsolated,
    threads: crossOriginIsolated ? Math.min(4, Math.ceil((navigator.hardwareConcurrency || 1) / 2)) : 1,
  };
  if (!adapter) support.webgpuReason = gpu ? `No WebGPU adapter. ${WEBGPU_HINT}` : `This browser has no WebGPU. ${WEBGPU_HINT}`;
  return support;
}

/**
 * A backend that always opens sessions on `device` (the header's switch), so latencies compare like
 * with like. Runs of every session of the page already wait their turn in @attune/web's one queue
 * (onnxruntime-web's WebGPU build refuses a run while another is in flight), so tabs that share
 * models (live detection, enrolment, quick clicks) need nothing more here.
 */
function pinned(backend: Backend, device: Device): Backend {
  return { ...backend, createSession: (model, options) => backend.createSession(model, { ...options, devices: [device] }) };
}

const shared = createWebBackend({ wasmPaths });

/** A runtime for inference and in-browser training on one device. */
export function runtimeFor(device: Device): Runtime {
  return createRuntime({
    backends: [pinned(shared, device)],
    createTrainingEngine: (model) => createWebTrainingEngine(model as Parameters<typeof createWebTrainingEngine>[0], { devices: [device], wasmPaths }),
    // models keep their initial weights in tfjs variables: the CPU backend is enough for that
    ready: async () => void (await tf.setBackend('cpu')),
  });
}
