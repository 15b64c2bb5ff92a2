import { ArtifactError } from '@attune/core';

/** The `fetch` the loader uses; a subset of the global one, so tests and apps can wrap it. */
export type FetchFunction = (input: URL | string, init?: RequestInit) => Promise<Response>;

/** What lets a server answer "unchanged" (304) instead of sending a file again. */
export interface Validators {
  etag?: string;
  lastModified?: string;
}

/** The validators a response carries, for the next conditional request. */
export function validatorsOf(response: Response): Validators {
  const etag = response.headers.get('ETag') ?? undefined;
  const lastModified = response.headers.get('Last-Modified') ?? undefined;
  return { ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) };
}

/** True when a conditional request can be made at all. */
export function hasValidators(v: Validators | undefined): v is Validators {
  return Boolean(v?.etag || v?.lastModified);
}

/** Errors of requests that got no answer at all (offline, DNS, connection refused). */
const unreachable = new WeakSet<object>();

/** True when `error` is fetchChecked's "no answer at all", after which a cached copy may be served. */
export function isUnreachable(error: unknown): boolean {
  return typeof error === 'object' && error !== null && unreachable.has(error);
}

/**
 * Fetches `url`, conditionally when `validators` are given (If-None-Match, else If-Modified-Since).
 * A conditional request bypasses the browser's HTTP cache (fetch spec), so a 304 reaches us and
 * means "the copy you hold is current". Any other non-2xx status, or no answer at all, is an
 * `ArtifactError('missing-file')` naming the file.
 */
export async function fetchChecked(fetchFn: FetchFunction, url: URL, options: { path: string; validators?: Validators; signal?: AbortSignal }): Promise<Response> {
  const headers: Record<string, string> = {};
  if (options.validators?.etag) headers['If-None-Match'] = options.validators.etag;
  else if (options.validators?.lastModified) headers['If-Modified-Since'] = options.validators.lastModified;
  const init: RequestInit = { headers, ...(options.signal ? { signal: options.signal } : {}) };
  // Without validators, still ask the server (not a heuristically fresh HTTP-cache copy): the
  // IndexedDB cache decides what is reused, and a stale HTTP copy would hide a changed artifact.
  if (!hasValidators(options.validators)) init.cache = 'no-cache';
  let response: Response;
  try {
    response = await fetchFn(url, init);
  } catch (cause) {
    if (options.signal?.aborted) throw cause; // loadArtifactFromUrl turns it into the signal's reason
    // fetch rejects (with a bare "Failed to fetch") only when no answer came; say which file it was
    const error = new ArtifactError('missing-file', `Artifact file ${options.path} could not be fetched from ${url.href}: the server could not be reached (${(cause as Error)?.message ?? String(cause)}).`, {
      path: options.path,
      cause,
    });
    unreachable.add(error);
    throw error;
  }
  if (response.status === 304 && hasValidators(options.validators)) return response;
  if (!response.ok) {
    throw new ArtifactError('missing-file', `Artifact file ${options.path} could not be fetched from ${url.href}: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`, {
      path: options.path,
    });
  }
  return response;
}

/** The whole body as bytes. */
export async function bodyBytes(response: Response): Promise<Uint8Array> {
  return new Uint8Array(await response.arrayBuffer());
}
