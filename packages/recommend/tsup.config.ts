import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.shared.js';

// d3-dsv (CSV parsing, ISC licence, © Mike Bostock) is bundled: it is ESM-only, which the CJS build
// could not require on every Node version, and its command-line dependencies stay out of users' installs.
export default defineConfig({ ...libraryBuild(), noExternal: ['d3-dsv'] });
