import type { Artifact } from '@attune/core';
import { absoluteUrl } from './artifact-url.js';
import { loadThroughCache } from './cached-load.js';
import { fetchFresh } from './fetch-artifact.js';
import type { FetchFunction } from './http.js';
import { hasIndexedDB } from './idb.js';

export interface LoadArtifactFromUrlOptions {
  /**
   * `indexeddb` keeps the artifact in IndexedDB and revalidates it cheaply on the next load;
   * `none` fetches every time. Default: `indexeddb` where IndexedDB exists (pages, workers), else `none`.
   */
  cache?: 'indexeddb' | 'none';
  /** The fetch to use (to add credentials or headers, or count requests). Default: `globalThis.fetch`. */
  fetch?: FetchFunction;
  /** Aborts the load; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Loads a model artifact over `fetch` and returns it validated by `@attune/core` (manifest schema,
 * format version, safe paths, every size and SHA-256). The URL is either one packed file (a `.attune`
 * extension, or any URL serving the `ATTUNE01` magic bytes) or a directory: a base URL (ending in `/`,
 * or `.../manifest.json`) under which `manifest.json` and every file it lists are fetched; a listed
 * file is never fetched from outside that base. Refusals are `ArtifactError`s with a `reason`.
 * Works in pages and Web Workers (it uses `globalThis`, never `window`).
 */
export async function loadArtifactFromUrl(url: string | URL, options: LoadArtifactFromUrlOptions = {}): Promise<Artifact> {
  const target = absoluteUrl(url);
  const cache = options.cache ?? (hasIndexedDB() ? 'indexeddb' : 'none');
  if (cache !== 'indexeddb' && cache !== 'none') {
    throw new TypeError(`loadArtifactFromUrl: options.cache is ${JSON.stringify(cache)}; expected 'indexeddb' or 'none'.`);
  }
  if (cache === 'indexeddb' && !hasIndexedDB()) {
    throw new TypeError(`loadArtifactFromUrl: options.cache is 'indexeddb' but this environment has no indexedDB; pass cache: 'none'.`);
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    throw new TypeError(`loadArtifactFromUrl: options.fetch is ${typeof options.fetch}; expected a fetch-like function.`);
  }
  // bound late, so a page that replaces globalThis.fetch (a service-worker shim, a test) is honoured
  const fetchFn: FetchFunction = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const ctx = { fetch: fetchFn, ...(options.signal ? { signal: options.signal } : {}) };
  options.signal?.throwIfAborted();
  try {
    return cache === 'indexeddb' ? await loadThroughCache(ctx, target) : (await fetchFresh(ctx, target)).artifact;
  } catch (error) {
    // readArtifact reports a failed read as a missing file; an abort the caller asked for is not one
    if (options.signal?.aborted) throw options.signal.reason;
    throw error;
  }
}
