import { defineConfig } from 'vite';

// Cross-origin isolation (COOP/COEP) gives onnxruntime-web SharedArrayBuffer, hence WASM threads.
const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  root: 'src/web',
  // relative asset URLs, so the built app also works under a sub-path
  base: './',
  build: { outDir: '../../dist/web', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 4096 },
  server: { headers: isolation },
  preview: { headers: isolation },
  define: { 'process.env.NODE_ENV': '"production"' },
});
