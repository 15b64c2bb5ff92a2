// Artifacts in the browser: load over fetch (packed or directory), cache in IndexedDB, make a session.
export { loadArtifactFromUrl, type LoadArtifactFromUrlOptions } from './load-artifact-from-url.js';
export { clearArtifactCache } from './artifact-cache.js';
export { createSessionFromArtifact } from './create-session.js';
export type { FetchFunction } from './http.js';
