// Browser entry for onnx-backend.browser.test.ts: puts `attune.*` on globalThis for page.evaluate.
// Arguments and results cross as JSON (typed arrays through toWire/fromWire).
import { AttuneError, type Backend, type DeviceKind, type TensorData } from '@attune/core';
import { runBackendConformance, type ConformanceFixture } from '@attune/core/testing';
import * as ort from 'onnxruntime-web';
import { createWebBackend } from '../onnx-backend.js';
import { fromWire, toWire } from '../test-support/wire.js';

// Served by the test server, as an app would serve them: never from a CDN.
const wasmPaths = '/ort/';
// Under COOP/COEP (the test server sets them) this page can use WASM threads.
const backend = createWebBackend({ wasmPaths, numThreads: crossOriginIsolated ? 2 : 1 });

/** The same backend, pinned to some devices, so the conformance suite runs once per device. */
const pinned = (devices: DeviceKind[]): Backend => ({
  ...backend,
  createSession: (model, options) => backend.createSession(model, { ...options, devices }),
});

const api = {
  async info() {
    // GPUAdapter.info is newer than TypeScript's DOM types.
    const adapter = (await navigator.gpu?.requestAdapter()) as { info?: { vendor: string; architecture: string; isFallbackAdapter?: boolean } } | null;
    const gpu = adapter?.info ? `${adapter.info.vendor} ${adapter.info.architecture}${adapter.info.isFallbackAdapter ? ' (fallback adapter)' : ''}` : adapter ? 'yes' : 'none';
    return { crossOriginIsolated, devices: await backend.devices(), gpu };
  },
  /** The WASM threads onnxruntime-web really uses (it drops to 1 when threads cannot work). */
  wasmThreads() {
    return ort.env.wasm.numThreads;
  },
  async conformance(fixture: unknown, devices: DeviceKind[]) {
    return runBackendConformance(pinned(devices), fromWire<ConformanceFixture>(fixture));
  },
  async run(model: unknown, feeds: unknown, devices: DeviceKind[]) {
    const session = await backend.createSession(fromWire<Uint8Array>(model), { devices });
    const outputs = await session.run(fromWire<Record<string, TensorData>>(feeds));
    await session.release();
    return { device: session.device, outputs: toWire(outputs) };
  },
  /** Two sessions of the same model, each asked to run `times` times at once: every run must succeed. */
  async runConcurrently(model: unknown, feeds: unknown, devices: DeviceKind[], times: number) {
    const bytes = fromWire<Uint8Array>(model);
    const sessions = await Promise.all([backend.createSession(bytes, { devices }), backend.createSession(bytes, { devices })]);
    const input = fromWire<Record<string, TensorData>>(feeds);
    try {
      const settled = await Promise.allSettled(sessions.flatMap((s) => Array.from({ length: times }, () => s.run(input))));
      return settled.map((r) => (r.status === 'fulfilled' ? 'ok' : String((r.reason as Error).message)));
    } finally {
      await Promise.all(sessions.map((s) => s.release()));
    }
  },
  async runInWorker(model: unknown, feeds: unknown) {
    const worker = new Worker('/worker.js', { type: 'module' });
    try {
      const reply = await new Promise<MessageEvent>((resolve, reject) => {
        worker.onmessage = resolve;
        worker.onerror = (e) => reject(new Error(`worker failed: ${e.message}`));
        worker.postMessage({ model: fromWire(model), feeds: fromWire(feeds), wasmPaths });
      });
      if (reply.data.error) throw new Error(`worker: ${reply.data.error}`);
      return { ...reply.data, outputs: toWire(reply.data.outputs) };
    } finally {
      worker.terminate();
    }
  },
  /** Creates a session with `devices` and tells what happened: the device, fallback messages or the error. */
  async resolve(model: unknown, devices: DeviceKind[] | 'auto') {
    const messages: string[] = [];
    try {
      const session = await backend.createSession(fromWire<Uint8Array>(model), { devices, onFallback: (m) => messages.push(m) });
      await session.release();
      return { device: session.device, messages };
    } catch (error) {
      const e = error as AttuneError & { failures?: unknown };
      return { messages, error: { name: e.name, code: AttuneError.isInstance(e) ? e.code : undefined, message: e.message, failures: e.failures } };
    }
  },
};

(globalThis as { attune?: typeof api }).attune = api;
export type BackendPageApi = typeof api;
