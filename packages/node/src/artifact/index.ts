// Model artifacts on disk: a directory (saved atomically) or one packed file.
export { saveArtifact } from './save-artifact.js';
export { loadArtifact, containedReader } from './load-artifact.js';
export { savePackedArtifact, loadPackedArtifact } from './packed-artifact-file.js';
