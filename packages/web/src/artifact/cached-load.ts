import { packArtifact, unpackArtifact, type Artifact } from '@attune/core';
import { deleteCacheEntry, readCacheEntry, writeCacheEntry, type ArtifactCacheEntry } from './artifact-cache.js';
import { directoryBase } from './artifact-url.js';
import { fetchDirectory, fetchFresh, fetchManifest, packedFrom, type FetchContext, type FetchedArtifact } from './fetch-artifact.js';
import { bodyBytes, fetchChecked, hasValidators, isUnreachable } from './http.js';

/**
 * Loads `url` through the IndexedDB cache: a cached artifact is revalidated with one cheap request
 * (a conditional one when the server gave an ETag or Last-Modified; for a directory, `manifest.json`
 * compared by hash) and served from IndexedDB when unchanged. A cached entry that fails validation is
 * deleted and the artifact fetched again. When the revalidation request cannot reach the server at
 * all (offline), the cached copy is served: it is still checked hash by hash.
 */
export async function loadThroughCache(ctx: FetchContext, url: URL): Promise<Artifact> {
  const entry = await readCacheEntry(url.href);
  if (entry) {
    const artifact = await revalidate(ctx, url, entry);
    if (artifact) return artifact;
  }
  return store(url, await fetchFresh(ctx, url));
}

/** The cached artifact if still current, a newer one if the server has it, or undefined to fetch afresh. */
async function revalidate(ctx: FetchContext, url: URL, entry: ArtifactCacheEntry): Promise<Artifact | undefined> {
  try {
    return entry.layout === 'packed' ? await revalidatePacked(ctx, url, entry) : await revalidateDirectory(ctx, url, entry);
  } catch (error) {
    // only "no answer at all" falls back to the cache; an HTTP error or a refused artifact stands
    if (!isUnreachable(error) || ctx.signal?.aborted) throw error;
    return unpackCached(entry);
  }
}

async function revalidatePacked(ctx: FetchContext, url: URL, entry: ArtifactCacheEntry): Promise<Artifact | undefined> {
  // Without validators the server cannot say "unchanged", so the file comes again in full.
  const validators = hasValidators(entry.validators) ? entry.validators : undefined;
  const response = await fetchChecked(ctx.fetch, url, { path: url.pathname.slice(url.pathname.lastIndexOf('/') + 1), ...(validators ? { validators } : {}), ...(ctx.signal ? { signal: ctx.signal } : {}) });
  if (response.status === 304) return unpackCached(entry);
  return store(url, await packedFrom(await bodyBytes(response), response));
}

async function revalidateDirectory(ctx: FetchContext, url: URL, entry: ArtifactCacheEntry): Promise<Artifact | undefined> {
  const base = directoryBase(url);
  const manifest = await fetchManifest(ctx, base, hasValidators(entry.validators) ? entry.validators : undefined);
  const cached = await unpackCached(entry);
  if (manifest === 'not-modified') return cached; // undefined when the cached copy was corrupt: fetch afresh
  if (cached && manifest.sha256 === entry.manifestSha256) {
    // same manifest, same hashes, same files; remember the new validators for a cheaper next time
    if (JSON.stringify(manifest.validators) !== JSON.stringify(entry.validators)) await writeCacheEntry({ ...entry, validators: manifest.validators });
    return cached;
  }
  const reuse = new Map([...(cached?.files ?? [])].map(([path, bytes]) => [path, { sha256: entry.fileSha256[path] ?? '', bytes }] as const));
  return store(url, await fetchDirectory(ctx, base, manifest, reuse));
}

/**
 * The cached artifact, validated exactly like a downloaded one; a cached entry that fails (damaged
 * storage, a tampered profile) is deleted and undefined returned, so it is fetched again, never used.
 */
async function unpackCached(entry: ArtifactCacheEntry): Promise<Artifact | undefined> {
  try {
    return await unpackArtifact(entry.packed);
  } catch {
    await deleteCacheEntry(entry.url);
    return undefined;
  }
}

/** Writes a freshly fetched, validated artifact to the cache and returns it. */
async function store(url: URL, fetched: FetchedArtifact): Promise<Artifact> {
  const { artifact } = fetched;
  await writeCacheEntry({
    url: url.href,
    layout: fetched.layout,
    packed: fetched.packed ?? packArtifact(artifact),
    validators: fetched.validators,
    ...(fetched.manifestSha256 ? { manifestSha256: fetched.manifestSha256 } : {}),
    fileSha256: Object.fromEntries(Object.entries(artifact.manifest.files).map(([path, file]) => [path, file.sha256])),
    storedAt: Date.now(),
  });
  return artifact;
}
