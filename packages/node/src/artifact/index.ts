// Model artifacts on disk: a directory (saved atomically) or one packed file.
export { saveArtifact } from './save-artifact.js';
export { checkArtifactTarget, checkWritableAncestor } from './artifact-target.js';
export { loadArtifact, containedReader } from './load-artifact.js';
export { savePackedArtifact, loadPackedArtifact } from './packed-artifact-file.js';
