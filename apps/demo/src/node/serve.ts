// A small static server for the built app: cross-origin isolated (COOP/COEP, so onnxruntime-web
// gets WASM threads), the app from `webDir`, the prepared models from `modelsDir` under `/models/`.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.wav': 'audio/wav',
  '.attune': 'application/octet-stream',
};

export interface DemoServer {
  url: string;
  close(): Promise<void>;
}

export interface ServeOptions {
  webDir: string;
  modelsDir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The file in `modelsDir` served as `/models/index.json` (the model list). Default `index.json`. */
  indexFile?: string;
}

export async function serveDemo({ webDir, modelsDir, host = '127.0.0.1', port = 0, indexFile = 'index.json' }: ServeOptions): Promise<DemoServer> {
  if (!existsSync(path.join(webDir, 'index.html'))) {
    throw new Error(`No built app at ${webDir}: run \`npm run build -w @attune/demo\` (or \`npm run demo\` from the repository root).`);
  }
  const server: Server = createServer((req, res) => {
    let pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (pathname === '/models/index.json') pathname = `/models/${indexFile}`;
    const file = pathname.startsWith('/models/') ? inside(modelsDir, pathname.slice('/models/'.length)) : inside(webDir, pathname === '/' ? 'index.html' : pathname.slice(1));
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    // models change when retrained; fingerprinted assets never do
    res.setHeader('Cache-Control', pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    if (!file || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`not found: ${pathname}`);
      return;
    }
    // Last-Modified lets @attune/web revalidate its IndexedDB copy of a model with one 304.
    const modified = statSync(file).mtime;
    modified.setMilliseconds(0);
    res.setHeader('Last-Modified', modified.toUTCString());
    const since = req.headers['if-modified-since'];
    if (since && Date.parse(since) >= modified.getTime()) {
      res.writeHead(304).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'Content-Length': statSync(file).size });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address() as { port: number };
  return {
    url: `http://${host}:${address.port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `root/relative`, or undefined when the request tries to leave `root` (`..`, absolute paths). */
function inside(root: string, relative: string): string | undefined {
  const full = path.resolve(root, relative);
  return full.startsWith(path.resolve(root) + path.sep) ? full : undefined;
}
