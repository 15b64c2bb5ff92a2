import { readFile, readdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';

/** What a test server holds: exact paths to bodies. onnxruntime-web's dist files are added under `/ort/`. */
export type StaticFiles = Record<string, string | Uint8Array>;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

/** The folder holding onnxruntime-web's `.wasm` and `.mjs` runtime files. */
export function ortDistDir(): string {
  // The package's exports map has no ./package.json but does export each .wasm file.
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm'));
}

/**
 * Serves `files` plus onnxruntime-web's runtime files (`/ort/ort-wasm-*.{wasm,mjs}`) on 127.0.0.1 at a
 * free port. Every response is cross-origin isolated (COOP same-origin, COEP require-corp) so pages
 * get SharedArrayBuffer and WASM threads; 127.0.0.1 counts as a secure context, so WebGPU is exposed.
 */
export async function startTestServer(files: StaticFiles): Promise<{ url: string; close: () => Promise<void> }> {
  const ortDir = ortDistDir();
  const ortFiles = new Set((await readdir(ortDir)).filter((f) => /^ort-wasm.*\.(wasm|mjs)$/.test(f)));
  const server: Server = createServer((req, res) => {
    void (async () => {
      const pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      let body = files[pathname];
      const name = pathname.slice('/ort/'.length);
      // Only the known file names, so no path can leave the folder.
      if (body === undefined && pathname.startsWith('/ort/') && ortFiles.has(name)) body = await readFile(path.join(ortDir, name));
      res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
      res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
      res.setHeader('Cache-Control', 'no-store');
      if (body === undefined) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`not found: ${pathname}`);
        return;
      }
      const ext = pathname.endsWith('/') ? '.html' : path.extname(pathname);
      res.writeHead(200, { 'Content-Type': TYPES[ext] ?? 'application/octet-stream' }).end(body);
    })().catch((error: unknown) => res.writeHead(500).end(String(error)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
