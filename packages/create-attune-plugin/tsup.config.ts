import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.shared.js';

// `bin` is the `npm create attune-plugin` entry (ESM, keeps its shebang); shims give the CJS build import.meta.url.
export default defineConfig({ ...libraryBuild({ index: 'src/index.ts', bin: 'src/bin.ts' }), shims: true });
