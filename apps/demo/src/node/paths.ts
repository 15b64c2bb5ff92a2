import { fileURLToPath } from 'node:url';

// This file is at apps/demo/{src,dist}/node/: the app folder is two levels up either way.
const appDir = fileURLToPath(new URL('../../', import.meta.url));

export const paths = {
  appDir,
  /** The built web app (`vite build`). */
  webDir: fileURLToPath(new URL('../../dist/web/', import.meta.url)),
  /** Git-ignored model cache; `ATTUNE_DEMO_MODELS` overrides. */
  modelsDir: process.env['ATTUNE_DEMO_MODELS'] ?? fileURLToPath(new URL('../../.models/', import.meta.url)),
};
