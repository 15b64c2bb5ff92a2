// Web Worker entry for artifact/*.browser.test.ts: loading (and caching) must work where there is no
// `window`. Loads the artifact twice, runs it, and reports what the worker fetched.
import type { TensorData } from '@attune/core';
import { clearArtifactCache, createSessionFromArtifact, loadArtifactFromUrl } from '../artifact/index.js';
import { createWebBackend } from '../onnx-backend.js';

interface Request {
  url: string;
  feeds: Record<string, TensorData>;
  wasmPaths: string;
}

const fetched = (fragment: string) => performance.getEntriesByType('resource').filter((e) => e.name.includes(fragment)).length;

self.onmessage = async (event: MessageEvent<Request>) => {
  try {
    const { url, feeds, wasmPaths } = event.data;
    await clearArtifactCache();
    await loadArtifactFromUrl(url);
    const artifact = await loadArtifactFromUrl(url); // the second load: from IndexedDB
    const session = await createSessionFromArtifact(createWebBackend({ wasmPaths }), artifact, { devices: ['wasm'] });
    const outputs = await session.run(feeds);
    await session.release();
    self.postMessage({
      device: session.device,
      outputs,
      hasWindow: typeof window !== 'undefined',
      manifestFetches: fetched('manifest.json'),
      modelFetches: fetched('model.onnx'),
    });
  } catch (error) {
    self.postMessage({ error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  }
};
