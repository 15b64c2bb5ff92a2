import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveDemo, type DemoServer } from './serve.js';

let dir: string;
let server: DemoServer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'attune-demo-serve-'));
  await mkdir(path.join(dir, 'web'));
  await mkdir(path.join(dir, 'models', 'm-1'), { recursive: true });
  await writeFile(path.join(dir, 'web', 'index.html'), '<!doctype html>app');
  await writeFile(path.join(dir, 'secret.txt'), 'outside');
  await writeFile(path.join(dir, 'models', 'index.test.json'), '{"format":1,"models":[]}');
  await writeFile(path.join(dir, 'models', 'm-1', 'model.attune'), new Uint8Array([1, 2, 3]));
  server = await serveDemo({ webDir: path.join(dir, 'web'), modelsDir: path.join(dir, 'models'), indexFile: 'index.test.json' });
});

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('serveDemo', () => {
  it('serves the app cross-origin isolated on 127.0.0.1', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const res = await fetch(server.url);
    expect(await res.text()).toBe('<!doctype html>app');
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
  });

  it('serves models under /models/, the chosen model list as index.json, and answers revalidation with 304', async () => {
    expect(await (await fetch(new URL('models/index.json', server.url))).json()).toEqual({ format: 1, models: [] });
    const model = await fetch(new URL('models/m-1/model.attune', server.url));
    expect(new Uint8Array(await model.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
    const again = await fetch(new URL('models/m-1/model.attune', server.url), { headers: { 'If-Modified-Since': model.headers.get('last-modified')! } });
    expect(again.status).toBe(304);
  });

  it('never serves a file outside its folders', async () => {
    // raw request paths: fetch() would normalise the dots away before they reach the server
    const status = (rawPath: string) =>
      new Promise<number>((resolve, reject) => {
        http.get({ host: '127.0.0.1', port: new URL(server.url).port, path: rawPath }, (res) => resolve(res.resume().statusCode!)).on('error', reject);
      });
    expect(await status('/index.html')).toBe(200);
    for (const p of ['/../secret.txt', '/models/../../secret.txt', '/%2e%2e/secret.txt', '/models/%2e%2e/%2e%2e/secret.txt', '/models/..%2f..%2fsecret.txt']) {
      expect(await status(p), p).toBe(404);
    }
  });

  it('says how to build the app when it is missing', async () => {
    await expect(serveDemo({ webDir: path.join(dir, 'nope'), modelsDir: dir })).rejects.toThrow(/npm run build -w @attune\/demo/);
  });
});
