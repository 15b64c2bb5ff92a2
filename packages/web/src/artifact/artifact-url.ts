import { ArtifactError, checkArtifactPath, MANIFEST_FILE } from '@attune/core';

/** How an artifact is hosted: one packed file, or a directory of files under a base URL. */
export type ArtifactLayout = 'packed' | 'directory';

/** Extension of a packed artifact; a URL ending in it is fetched as one file. */
export const PACKED_EXTENSION = '.attune';

/** The magic bytes every packed artifact starts with (`ATTUNE` plus a two-digit layout version). */
const PACKED_MAGIC = [0x41, 0x54, 0x54, 0x55, 0x4e, 0x45]; // "ATTUNE"

/**
 * Resolves what the caller passed against the page (or worker) location, so relative URLs work and
 * the cache key is the same however the URL was spelled.
 */
export function absoluteUrl(url: string | URL): URL {
  if (typeof url !== 'string' && !(url instanceof URL)) {
    throw new TypeError(`loadArtifactFromUrl: expected a URL or a string, got ${typeof url}.`);
  }
  const location = (globalThis as { location?: { href: string } }).location?.href;
  try {
    return new URL(url, location);
  } catch (cause) {
    throw new TypeError(`loadArtifactFromUrl: ${JSON.stringify(String(url))} is not a valid URL${location ? '' : ' (there is no page location to resolve a relative one against)'}.`, { cause });
  }
}

/**
 * The layout the URL itself announces: a `.attune` file is packed; a URL ending in `/` or in
 * `/manifest.json` is a directory. Anything else is `undefined` and is decided by its magic bytes.
 */
export function layoutFromUrl(url: URL): ArtifactLayout | undefined {
  if (url.pathname.endsWith(PACKED_EXTENSION)) return 'packed';
  if (url.pathname.endsWith('/') || url.pathname.endsWith(`/${MANIFEST_FILE}`)) return 'directory';
  return undefined;
}

/** The base URL of a directory artifact: the folder itself, without query or fragment. */
export function directoryBase(url: URL): URL {
  // `./` is the folder of `.../` and of `.../manifest.json`; a bare `.../model` means the folder `model/`
  const base = new URL(layoutFromUrl(url) === 'directory' ? './' : `${url.pathname}/`, url);
  base.search = '';
  base.hash = '';
  return base;
}

/** True when `bytes` start with the packed artifact magic (any layout version: unpack names unknown ones). */
export function looksPacked(bytes: Uint8Array): boolean {
  return PACKED_MAGIC.every((b, i) => bytes[i] === b);
}

/**
 * The URL of one artifact file under the folder `base` (a directory artifact's base ends in `/`). The path was already vetted by core's allow-list; the
 * resolved URL is checked again because URL resolution, not the pattern, decides where a request
 * goes, and a file outside the base must never be fetched whatever the manifest says.
 */
export function fileUrl(base: URL, path: string): URL {
  checkArtifactPath(path);
  // compared with the folder (ending in `/`, no query), so `.../m/model.onnx` cannot pass as inside `.../m/model`
  const folder = new URL('./', base);
  const url = new URL(path, folder);
  if (url.origin !== folder.origin || !url.href.startsWith(folder.href)) {
    throw new ArtifactError('unsafe-path', `Artifact file path ${JSON.stringify(path)} resolves to ${url.href}, outside the artifact at ${folder.href}; refusing to fetch it.`, { path });
  }
  return url;
}
