import { build } from 'esbuild';

/**
 * Bundles a browser entry (TypeScript or JS) into one ES module, in memory. Platform `browser`, so
 * packages resolve to their browser builds (onnxruntime-web's WebGPU+WASM bundle, not its Node one).
 */
export async function bundleBrowserEntry(entryFile: string): Promise<string> {
  const result = await build({
    entryPoints: [entryFile],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    sourcemap: 'inline',
    logLevel: 'silent',
    // tfjs and friends read process.env.NODE_ENV; a browser has no `process`.
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  return result.outputFiles[0]!.text;
}
