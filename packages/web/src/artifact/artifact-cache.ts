import { absoluteUrl, type ArtifactLayout } from './artifact-url.js';
import type { Validators } from './http.js';
import { hasIndexedDB, withStore } from './idb.js';

/**
 * One cached artifact, stored in IndexedDB under the URL it was loaded from. The bytes are always
 * the packed form (a directory artifact is packed before it is stored), so every cached entry is
 * re-validated by `unpackArtifact` (manifest schema, paths, sizes, SHA-256) before it is used.
 */
export interface ArtifactCacheEntry {
  /** The absolute URL passed to `loadArtifactFromUrl`: the key. */
  url: string;
  layout: ArtifactLayout;
  /** The packed artifact. */
  packed: Uint8Array;
  /** Validators of the packed file, or of `manifest.json` for a directory. */
  validators: Validators;
  /** SHA-256 of the manifest bytes as served (directory layout): an identical manifest means identical files. */
  manifestSha256?: string;
  /** Each file's SHA-256 from the manifest, to reuse unchanged files when only some changed. */
  fileSha256: Record<string, string>;
  /** When it was stored (ms since the epoch), for people inspecting the cache. */
  storedAt: number;
}

/**
 * The cached entry for `url`, or undefined. The cache is only an optimisation, so an IndexedDB that
 * fails (private browsing, a broken profile) or holds something of another shape counts as a miss.
 */
export async function readCacheEntry(url: string): Promise<ArtifactCacheEntry | undefined> {
  try {
    const value: unknown = await withStore('readonly', (store) => store.get(url));
    return isEntry(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Stores `entry`; a failed write (quota exceeded, say) leaves the load itself successful. */
export async function writeCacheEntry(entry: ArtifactCacheEntry): Promise<void> {
  await withStore('readwrite', (store) => store.put(entry)).catch(() => undefined);
}

/** Removes the entry for `url`, if any; failures are ignored like those of every cache operation. */
export async function deleteCacheEntry(url: string): Promise<void> {
  await withStore('readwrite', (store) => store.delete(url)).catch(() => undefined);
}

/**
 * Empties the artifact cache that `loadArtifactFromUrl` keeps in IndexedDB, or only the entry for
 * `url` (as passed to `loadArtifactFromUrl`, resolved against the page location). Does nothing
 * where there is no IndexedDB. Unlike loads, it reports IndexedDB failures: a caller clearing the
 * cache wants to know that it did not happen.
 */
export async function clearArtifactCache(url?: string | URL): Promise<void> {
  if (!hasIndexedDB()) return;
  if (url === undefined) {
    await withStore('readwrite', (store) => store.clear());
    return;
  }
  const key = absoluteUrl(url).href;
  await withStore('readwrite', (store) => store.delete(key));
}

function isEntry(value: unknown): value is ArtifactCacheEntry {
  const v = value as Partial<ArtifactCacheEntry> | undefined;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.url === 'string' &&
    (v.layout === 'packed' || v.layout === 'directory') &&
    v.packed instanceof Uint8Array &&
    typeof v.validators === 'object' &&
    v.validators !== null &&
    typeof v.fileSha256 === 'object' &&
    v.fileSha256 !== null
  );
}
