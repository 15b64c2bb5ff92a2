// Browser entry for artifact/*.browser.test.ts: puts `artifacts.*` on globalThis for page.evaluate.
// Arguments and results cross as JSON (typed arrays through toWire/fromWire).
import { ArtifactError, type Artifact, type TensorData } from '@attune/core';
import { readCacheEntry } from '../artifact/artifact-cache.js';
import { CACHE_DATABASE, CACHE_STORE } from '../artifact/idb.js';
import { clearArtifactCache, createSessionFromArtifact, loadArtifactFromUrl, type LoadArtifactFromUrlOptions } from '../artifact/index.js';
import { createWebBackend } from '../onnx-backend.js';
import { fromWire, toWire } from '../test-support/wire.js';

const wasmPaths = '/ort/';
const backend = createWebBackend({ wasmPaths, numThreads: crossOriginIsolated ? 2 : 1 });
type LoadOptions = Pick<LoadArtifactFromUrlOptions, 'cache'>;

/** The artifact as JSON: the manifest and every file's bytes. */
function summary(artifact: Artifact) {
  return { manifest: artifact.manifest, files: toWire(Object.fromEntries(artifact.files)) };
}

/** Any error as plain data, saying whether it is a real ArtifactError of this bundle's core. */
function describeError(error: unknown) {
  const e = error as Partial<ArtifactError> & Error;
  return { name: e.name, message: e.message, isArtifactError: error instanceof ArtifactError, reason: e.reason, path: e.path };
}

const api = {
  async load(url: string, options: LoadOptions = {}) {
    return summary(await loadArtifactFromUrl(url, options));
  },
  /** Loads the artifact, runs its model.onnx on WASM with `feeds`, returns the outputs. */
  async run(url: string, feeds: unknown, options: LoadOptions = {}) {
    const artifact = await loadArtifactFromUrl(url, options);
    const session = await createSessionFromArtifact(backend, artifact, { devices: ['wasm'] });
    try {
      return { device: session.device, outputs: toWire(await session.run(fromWire<Record<string, TensorData>>(feeds))), manifest: artifact.manifest };
    } finally {
      await session.release();
    }
  },
  /** The load's rejection, described; throws if the load succeeded. */
  async loadError(url: string, options: LoadOptions = {}) {
    try {
      await loadArtifactFromUrl(url, options);
    } catch (error) {
      return describeError(error);
    }
    throw new Error(`loading ${url} succeeded; the test expected a rejection`);
  },
  async abortedLoad(url: string) {
    const controller = new AbortController();
    const pending = loadArtifactFromUrl(url, { signal: controller.signal });
    controller.abort();
    return pending.then(() => 'resolved', (e: unknown) => describeError(e));
  },
  async cacheEntry(url: string) {
    const entry = await readCacheEntry(new URL(url, location.href).href);
    return entry ? { layout: entry.layout, validators: entry.validators, bytes: entry.packed.length } : null;
  },
  /** Damages the cached bytes in place, as a broken disk or a tampered profile would, by raw IndexedDB. */
  async corruptCache(url: string) {
    const key = new URL(url, location.href).href;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(CACHE_DATABASE);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      return await new Promise<boolean>((resolve, reject) => {
        const tx = db.transaction(CACHE_STORE, 'readwrite');
        const store = tx.objectStore(CACHE_STORE);
        let found = false;
        const get = store.get(key);
        get.onsuccess = () => {
          const entry = get.result as { packed: Uint8Array } | undefined;
          if (!entry) return;
          found = true;
          const at = entry.packed.length - 100; // inside the data section, far from the header
          entry.packed[at] = entry.packed[at]! ^ 0xff;
          store.put(entry);
        };
        tx.oncomplete = () => resolve(found);
        tx.onerror = () => reject(tx.error);
      });
    } finally {
      db.close();
    }
  },
  clearCache: () => clearArtifactCache(),
  /** How many resources this page fetched whose URL contains `fragment` (PerformanceResourceTiming). */
  resourceCount(fragment: string) {
    return performance.getEntriesByType('resource').filter((e) => e.name.includes(fragment)).length;
  },
  /** Loads `url` twice inside a Web Worker and runs the model there. */
  async runInWorker(url: string, feeds: unknown) {
    const worker = new Worker('/artifact-worker.js', { type: 'module' });
    try {
      const reply = await new Promise<MessageEvent>((resolve, reject) => {
        worker.onmessage = resolve;
        worker.onerror = (e) => reject(new Error(`worker failed: ${e.message}`));
        worker.postMessage({ url: new URL(url, location.href).href, feeds: fromWire(feeds), wasmPaths });
      });
      if (reply.data.error) throw new Error(`worker: ${reply.data.error}`);
      return { ...reply.data, outputs: toWire(reply.data.outputs) };
    } finally {
      worker.terminate();
    }
  },
};

(globalThis as { artifacts?: typeof api }).artifacts = api;
export type ArtifactPageApi = typeof api;
