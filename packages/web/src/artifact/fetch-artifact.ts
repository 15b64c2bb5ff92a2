import { MANIFEST_FILE, readArtifact, sha256Hex, unpackArtifact, type Artifact } from '@attune/core';
import { directoryBase, fileUrl, layoutFromUrl, looksPacked, type ArtifactLayout } from './artifact-url.js';
import { bodyBytes, fetchChecked, validatorsOf, type FetchFunction, type Validators } from './http.js';

/** What every network read needs. */
export interface FetchContext {
  fetch: FetchFunction;
  signal?: AbortSignal;
}

/** A validated artifact as it came over the network, with what the cache needs to store it. */
export interface FetchedArtifact {
  artifact: Artifact;
  layout: ArtifactLayout;
  /** The packed file exactly as served (packed layout only; a directory is packed when cached). */
  packed?: Uint8Array;
  /** Of the packed file, or of `manifest.json`. */
  validators: Validators;
  /** SHA-256 of `manifest.json` as served (directory layout only). */
  manifestSha256?: string;
}

/** `manifest.json` of a directory artifact, fetched but not yet validated (readArtifact does that). */
export interface FetchedManifest {
  bytes: Uint8Array;
  sha256: string;
  validators: Validators;
}

/**
 * Fetches and validates an artifact whose cache state does not matter: packed or directory as the
 * URL says, or, when it says neither, as the magic bytes of what the URL serves say.
 */
export async function fetchFresh(ctx: FetchContext, url: URL): Promise<FetchedArtifact> {
  const layout = layoutFromUrl(url);
  if (layout === 'directory') return fetchDirectory(ctx, directoryBase(url));
  const response = await fetchChecked(ctx.fetch, url, { path: fileName(url), ...signalOf(ctx) }).catch((error: unknown) => {
    if (layout === 'packed') throw error;
    return undefined; // neither announced nor served: try it as a directory (the next error names manifest.json)
  });
  if (response) {
    const bytes = await bodyBytes(response);
    if (layout === 'packed' || looksPacked(bytes)) return packedFrom(bytes, response);
  }
  return fetchDirectory(ctx, directoryBase(url));
}

/** Unpacks (and so validates) a packed artifact that a response carried. */
export async function packedFrom(packed: Uint8Array, response: Response): Promise<FetchedArtifact> {
  return { artifact: await unpackArtifact(packed), layout: 'packed', packed, validators: validatorsOf(response) };
}

/** Fetches `manifest.json` under `base`, conditionally when `validators` are given; `not-modified` on a 304. */
export async function fetchManifest(ctx: FetchContext, base: URL, validators?: Validators): Promise<FetchedManifest | 'not-modified'> {
  const response = await fetchChecked(ctx.fetch, fileUrl(base, MANIFEST_FILE), { path: MANIFEST_FILE, ...signalOf(ctx), ...(validators ? { validators } : {}) });
  if (response.status === 304) return 'not-modified';
  const bytes = await bodyBytes(response);
  return { bytes, sha256: await sha256Hex(bytes), validators: validatorsOf(response) };
}

/**
 * Reads a directory artifact under `base` through core's `readArtifact`, which vets every path
 * before any file is fetched and checks every size and hash after. `reuse` offers bytes already held
 * (from the cache) by path and SHA-256: a file whose hash in the new manifest matches is not fetched
 * again, and is hash-checked by readArtifact like a fetched one.
 */
export async function fetchDirectory(
  ctx: FetchContext,
  base: URL,
  manifest?: FetchedManifest,
  reuse?: ReadonlyMap<string, { sha256: string; bytes: Uint8Array }>,
): Promise<FetchedArtifact> {
  const got = manifest ?? (await fetchManifest(ctx, base));
  if (got === 'not-modified') throw new Error('unreachable: an unconditional request got 304');
  const listed = reuse ? listedSha256(got.bytes) : {};
  const artifact = await readArtifact(async (path) => {
    if (path === MANIFEST_FILE) return got.bytes;
    const held = reuse?.get(path);
    if (held && held.sha256 === listed[path]) return held.bytes;
    const url = fileUrl(base, path);
    return bodyBytes(await fetchChecked(ctx.fetch, url, { path, ...signalOf(ctx) }));
  });
  return { artifact, layout: 'directory', validators: got.validators, manifestSha256: got.sha256 };
}

/**
 * Each file's SHA-256 as an unvalidated manifest lists it, only to decide which cached files to
 * offer; anything odd yields nothing, and readArtifact validates the manifest regardless.
 */
function listedSha256(manifest: Uint8Array): Record<string, string> {
  try {
    const files = (JSON.parse(new TextDecoder().decode(manifest)) as { files?: Record<string, { sha256?: unknown }> }).files ?? {};
    return Object.fromEntries(Object.entries(files).flatMap(([path, entry]) => (typeof entry?.sha256 === 'string' ? [[path, entry.sha256]] : [])));
  } catch {
    return {};
  }
}

function fileName(url: URL): string {
  return url.pathname.slice(url.pathname.lastIndexOf('/') + 1) || url.href;
}

function signalOf(ctx: FetchContext): { signal?: AbortSignal } {
  return ctx.signal ? { signal: ctx.signal } : {};
}
