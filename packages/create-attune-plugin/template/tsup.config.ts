import { defineConfig } from 'tsup';

// ESM + CJS + type declarations; tfjs and @attune stay external so an app has one copy of each.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  external: [/^@tensorflow\//, /^@attune\//, /^onnxruntime-/],
});
