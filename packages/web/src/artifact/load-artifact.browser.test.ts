// loadArtifactFromUrl in real headless Chromium: packed and directory artifacts over fetch, run on
// WASM against onnxruntime-node, the IndexedDB cache (revalidation, changes, corruption, offline),
// refusals as ArtifactErrors, and a Web Worker. Static files come from the harness server (no
// ETags); ETags, changing contents and request counts come from Playwright routes (RoutedFiles).
import { sha256Hex, type ArtifactManifest, type TensorData } from '@attune/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { directoryFiles, flipByte, makeArtifactFixture, type ArtifactFixture } from '../__fixtures__/artifact-fixture.js';
import type { ArtifactPageApi } from '../__fixtures__/artifact-page.js';
import { RoutedFiles } from '../__fixtures__/artifact-routes.js';
import { fromWire, openBrowserPage, toWire, type BrowserPage } from '../test-support/index.js';

const PAGE = new URL('../__fixtures__/artifact-page.ts', import.meta.url).pathname;
const WORKER = new URL('../__fixtures__/artifact-worker.ts', import.meta.url).pathname;
declare const artifacts: ArtifactPageApi; // the page's global, inside page.evaluate

let v1: ArtifactFixture;
let v2: ArtifactFixture;
let browser: BrowserPage;
let routed: RoutedFiles;

beforeAll(async () => {
  v1 = await makeArtifactFixture(7);
  v2 = await makeArtifactFixture(8);
  browser = await openBrowserPage(PAGE, {
    webgpu: false,
    entries: { 'artifact-worker': WORKER },
    files: { '/static/model.attune': v1.packed, '/static/no-extension': v1.packed, ...directoryFiles('/static/dir/', v1.artifact) },
  });
  routed = new RoutedFiles('/routed/');
  await routed.attach(browser.page);
});
afterAll(() => browser?.close());
beforeEach(async () => {
  await browser.page.evaluate(() => artifacts.clearCache());
  routed.files.clear();
  routed.requests.length = 0;
  routed.etags = true;
  routed.offline = false;
});

const page = () => browser.page;
const load = (url: string, cache: 'indexeddb' | 'none' = 'indexeddb') => page().evaluate(([u, c]) => artifacts.load(u, { cache: c }), [url, cache] as const);
const loadError = (url: string) => page().evaluate((u) => artifacts.loadError(u), url);
const statuses = (suffix = '') => routed.requestsFor(suffix).map((r) => r.status);

/** The loaded artifact equals the fixture's: same manifest, same bytes for every file. */
function expectSame(loaded: { manifest: ArtifactManifest; files: unknown }, fixture: ArtifactFixture): void {
  expect(loaded.manifest).toEqual(fixture.artifact.manifest);
  expect(fromWire(loaded.files)).toEqual(Object.fromEntries(fixture.artifact.files));
}

function maxAbsDiff(a: TensorData, b: TensorData): number {
  expect(a.dims).toEqual(b.dims);
  let worst = 0;
  for (let i = 0; i < a.data.length; i++) worst = Math.max(worst, Math.abs(Number(a.data[i]) - Number(b.data[i])));
  return worst;
}

describe('loadArtifactFromUrl over fetch', () => {
  it.each([
    ['a packed file (.attune)', '/static/model.attune'],
    ['a packed file recognised by its magic bytes', '/static/no-extension'],
    ['a directory base URL', '/static/dir/'],
    ['a directory by its manifest.json', '/static/dir/manifest.json'],
  ])('loads %s, and its model runs on WASM within 1e-4 of onnxruntime-node', async (_, url) => {
    const got = await page().evaluate(([u, f]) => artifacts.run(u, f, { cache: 'none' }), [url, toWire(v1.feeds)] as const);
    expect(got.device).toBe('wasm');
    expect(got.manifest).toEqual(v1.artifact.manifest);
    expect(maxAbsDiff(fromWire<Record<string, TensorData>>(got.outputs)['logits']!, v1.logits)).toBeLessThanOrEqual(1e-4);
    expectSame(await load(url, 'none'), v1);
  });

  it('rejects an aborted load with the signal’s AbortError', async () => {
    expect(await page().evaluate(() => artifacts.abortedLoad('/static/model.attune'))).toMatchObject({ name: 'AbortError' });
  });
});

describe('the IndexedDB cache', () => {
  it('serves a packed file’s second load from IndexedDB after one 304 (ETag)', async () => {
    routed.set({ '/routed/p/model.attune': v1.packed });
    expectSame(await load('/routed/p/model.attune'), v1);
    expectSame(await load('/routed/p/model.attune'), v1);
    expect(statuses()).toEqual([200, 304]);
    expect(await page().evaluate(() => artifacts.cacheEntry('/routed/p/model.attune'))).toMatchObject({ layout: 'packed', bytes: v1.packed.length });
  });

  it('serves a directory’s second load from IndexedDB after one 304 on manifest.json (ETag)', async () => {
    routed.set(directoryFiles('/routed/d/', v1.artifact));
    expectSame(await load('/routed/d/'), v1);
    expectSame(await load('/routed/d/'), v1);
    expect(routed.requests).toEqual([
      { path: '/routed/d/manifest.json', status: 200 },
      { path: '/routed/d/model.onnx', status: 200 },
      { path: '/routed/d/vocab/tokens.json', status: 200 },
      { path: '/routed/d/manifest.json', status: 304 },
    ]);
  });

  it('without an ETag, compares manifest.json and fetches nothing else when it is unchanged', async () => {
    // the harness server sends no validators; the page's resource timing counts its fetches
    const count = (f: string) => page().evaluate((x) => artifacts.resourceCount(x), f);
    const [manifests, models] = [await count('/static/dir/manifest.json'), await count('/static/dir/model.onnx')];
    expectSame(await load('/static/dir/'), v1);
    expectSame(await load('/static/dir/'), v1);
    expect(await count('/static/dir/manifest.json')).toBe(manifests + 2);
    expect(await count('/static/dir/model.onnx')).toBe(models + 1);
  });

  it('picks up a changed packed file (new ETag) and caches the new version', async () => {
    routed.set({ '/routed/p/model.attune': v1.packed });
    expectSame(await load('/routed/p/model.attune'), v1);
    routed.set({ '/routed/p/model.attune': v2.packed });
    expectSame(await load('/routed/p/model.attune'), v2);
    expectSame(await load('/routed/p/model.attune'), v2);
    expect(statuses()).toEqual([200, 200, 304]);
  });

  it('picks up a changed directory (manifest compared, no ETag), fetching only the files that changed', async () => {
    routed.etags = false;
    routed.set(directoryFiles('/routed/d/', v1.artifact));
    expectSame(await load('/routed/d/'), v1);
    routed.set(directoryFiles('/routed/d/', v2.artifact));
    expectSame(await load('/routed/d/'), v2);
    expect(statuses('manifest.json')).toEqual([200, 200]);
    expect(statuses('model.onnx')).toEqual([200, 200]);
    expect(statuses('vocab/tokens.json')).toEqual([200]); // unchanged: reused from the cache
  });

  it.each([
    ['packed', '/routed/p/model.attune'],
    ['directory', '/routed/d/'],
  ])('discards a corrupted cached entry (%s) and fetches it again', async (layout, url) => {
    routed.set(layout === 'packed' ? { [url]: v1.packed } : directoryFiles(url, v1.artifact));
    expectSame(await load(url), v1);
    expect(await page().evaluate((u) => artifacts.corruptCache(u), url)).toBe(true);
    expectSame(await load(url), v1); // not the damaged copy: unpack validated it and it was refetched
    expectSame(await load(url), v1); // and the rewritten entry is good again
    if (layout === 'packed') {
      expect(statuses()).toEqual([200, 304, 200, 304]);
    } else {
      expect(statuses('manifest.json')).toEqual([200, 304, 200, 304]);
      expect(statuses('model.onnx')).toEqual([200, 200]);
    }
  });

  it('serves the cached copy when the server cannot be reached, and fails without one', async () => {
    routed.set({ '/routed/p/model.attune': v1.packed });
    expectSame(await load('/routed/p/model.attune'), v1);
    routed.offline = true;
    expectSame(await load('/routed/p/model.attune'), v1);
    await page().evaluate(() => artifacts.clearCache());
    expect(await loadError('/routed/p/model.attune')).toMatchObject({ isArtifactError: true, reason: 'missing-file' });
  });
});

describe('refusals are ArtifactErrors with a reason, and nothing refused is cached', () => {
  it('hash-mismatch when a served file of a directory was altered', async () => {
    routed.set({ ...directoryFiles('/routed/d/', v1.artifact), '/routed/d/model.onnx': flipByte(v1.artifact.files.get('model.onnx')!, 200) });
    expect(await loadError('/routed/d/')).toMatchObject({ isArtifactError: true, name: 'ArtifactError', reason: 'hash-mismatch', path: 'model.onnx' });
    expect(await page().evaluate(() => artifacts.cacheEntry('/routed/d/'))).toBeNull();
  });

  it('hash-mismatch when a byte of a packed file was altered', async () => {
    routed.set({ '/routed/p/model.attune': flipByte(v1.packed, -1) }); // the last byte of the last file
    expect(await loadError('/routed/p/model.attune')).toMatchObject({ isArtifactError: true, reason: 'hash-mismatch', path: 'vocab/tokens.json' });
    expect(await page().evaluate(() => artifacts.cacheEntry('/routed/p/model.attune'))).toBeNull();
  });

  it('unsafe-path for a crafted manifest that lists a file outside the base, which is never requested', async () => {
    const secret = new TextEncoder().encode('not part of the artifact');
    const manifest = { ...v1.artifact.manifest, files: { ...v1.artifact.manifest.files, '../secret.bin': { sha256: await sha256Hex(secret), bytes: secret.length } } };
    routed.set({ ...directoryFiles('/routed/d/', v1.artifact), '/routed/d/manifest.json': new TextEncoder().encode(JSON.stringify(manifest)), '/routed/secret.bin': secret });
    expect(await loadError('/routed/d/')).toMatchObject({ isArtifactError: true, reason: 'unsafe-path', path: '../secret.bin' });
    expect(routed.requests.map((r) => r.path)).toEqual(['/routed/d/manifest.json']); // vetted before any file is read
  });

  it.each([
    ['inside the header', 10],
    ['inside the index', 40],
    ['inside the data', -50],
  ])('corrupt-pack for a packed file truncated %s', async (_, end) => {
    routed.set({ '/routed/p/model.attune': v1.packed.slice(0, end < 0 ? v1.packed.length + end : end) });
    expect(await loadError('/routed/p/model.attune')).toMatchObject({ isArtifactError: true, reason: 'corrupt-pack' });
  });

  it('missing-file, naming the file, when the server answers 404', async () => {
    routed.set({ '/routed/d/manifest.json': directoryFiles('/', v1.artifact)['/manifest.json']! }); // model.onnx not served
    expect(await loadError('/routed/d/')).toMatchObject({ isArtifactError: true, reason: 'missing-file', path: 'model.onnx' });
    expect((await loadError('/routed/d/')).message).toMatch(/HTTP 404/);
  });
});

describe('in a Web Worker', () => {
  it('loads, caches in IndexedDB and runs the model with no window', async () => {
    const reply = await page().evaluate(([u, f]) => artifacts.runInWorker(u, f), ['/static/dir/', toWire(v1.feeds)] as const);
    expect(reply.hasWindow).toBe(false);
    expect(reply.device).toBe('wasm');
    expect({ manifest: reply.manifestFetches, model: reply.modelFetches }).toEqual({ manifest: 2, model: 1 }); // the second load came from the cache
    expect(maxAbsDiff(fromWire<Record<string, TensorData>>(reply.outputs)['logits']!, v1.logits)).toBeLessThanOrEqual(1e-4);
  });
});
