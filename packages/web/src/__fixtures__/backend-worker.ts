// Web Worker entry for onnx-backend.browser.test.ts: the backend must work where there is no `window`.
import type { TensorData } from '@attune/core';
import { createWebBackend } from '../onnx-backend.js';

interface Request {
  model: Uint8Array;
  feeds: Record<string, TensorData>;
  wasmPaths: string;
}

self.onmessage = async (event: MessageEvent<Request>) => {
  try {
    const { model, feeds, wasmPaths } = event.data;
    const backend = createWebBackend({ wasmPaths });
    const session = await backend.createSession(model, { onFallback: () => {} });
    const outputs = await session.run(feeds);
    await session.release();
    self.postMessage({ device: session.device, outputs, hasWindow: typeof window !== 'undefined', crossOriginIsolated });
  } catch (error) {
    self.postMessage({ error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  }
};
