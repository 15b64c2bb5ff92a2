import { defineConfig } from 'tsup';

// The Node side of the demo (model preparation and the static server); the web app is built by Vite.
export default defineConfig({
  entry: { cli: 'src/node/cli.ts' },
  outDir: 'dist/node',
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  clean: true,
  // installed packages stay packages (the corpus reads its files next to itself; ONNX Runtime is native)
  external: [/^@attune\//, /^@tensorflow\//, /^onnxruntime-/, /^@stdlib\//, /^attune-plugin-/, 'cli-progress'],
});
