import type { Options } from 'tsup';

/**
 * Build settings every package shares: ESM + CJS + type declarations, with tfjs, ONNX Runtime and
 * the other @attune packages left external (one copy of each per app).
 */
export function libraryBuild(entry: Options['entry'] = ['src/index.ts']): Options {
  return {
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    external: [/^@tensorflow\//, /^@attune\//, /^onnxruntime-/],
  };
}
