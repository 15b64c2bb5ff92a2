// createWebBackend in real headless Chromium (Debian's, through playwright-core): the conformance
// suite on WASM and on WebGPU, parity with onnxruntime-node, a Web Worker, and device fallback.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import type { DeviceInfo, TensorData } from '@attune/core';
import { makeConformanceFixture, type ConformanceCheck, type ConformanceFixture } from '@attune/core/testing';
import { createNodeBackend } from '@attune/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackendPageApi } from './__fixtures__/backend-page.js';
import { fromWire, openBrowserPage, toWire, withBrowserPage, type BrowserPage } from './test-support/index.js';

const PAGE = new URL('./__fixtures__/backend-page.ts', import.meta.url).pathname;
const WORKER = new URL('./__fixtures__/backend-worker.ts', import.meta.url).pathname;
declare const attune: BackendPageApi; // the page's global, inside page.evaluate

let fixture: ConformanceFixture;
let browser: BrowserPage;
let devices: DeviceInfo[];
let webgpu: boolean;

beforeAll(async () => {
  await tf.setBackend('cpu');
  fixture = makeConformanceFixture();
  browser = await openBrowserPage(PAGE, { entries: { worker: WORKER } });
  const info = await browser.page.evaluate(() => attune.info());
  devices = info.devices;
  webgpu = devices.some((d) => d.kind === 'webgpu' && d.available);
  console.log(
    `[attune] Chromium: crossOriginIsolated=${info.crossOriginIsolated}; WebGPU adapter: ${info.gpu}; ` +
      devices.map((d) => `${d.kind} ${d.available ? 'available' : `unavailable (${d.reason})`}`).join('; '),
  );
});
afterAll(() => browser?.close());

/** Fails with the check that failed and the page's console, not just `false`. */
function expectAllPassed(checks: ConformanceCheck[]): void {
  const failed = checks.filter((c) => !c.passed);
  expect(failed, `failed checks; browser console:\n${browser.logs.join('\n')}`).toEqual([]);
  expect(checks.length).toBeGreaterThanOrEqual(10);
}

function maxAbsDiff(a: TensorData, b: TensorData): number {
  expect(a.dims).toEqual(b.dims);
  let worst = 0;
  for (let i = 0; i < a.data.length; i++) worst = Math.max(worst, Math.abs(Number(a.data[i]) - Number(b.data[i])));
  return worst;
}

describe('createWebBackend in headless Chromium', () => {
  it('runs cross-origin isolated, with WASM always available', async () => {
    expect(await browser.page.evaluate(() => crossOriginIsolated)).toBe(true);
    expect(devices.find((d) => d.kind === 'wasm')?.available).toBe(true);
    for (const d of devices) expect(d.available || Boolean(d.reason)).toBe(true);
  });

  it('passes the conformance suite on WASM (2 threads)', async () => {
    const checks = await browser.page.evaluate((f) => attune.conformance(f, ['wasm']), toWire(fixture));
    expectAllPassed(checks);
    expect(checks.find((c) => c.name === 'names the model inputs and outputs')?.detail).toBe('device wasm');
    expect(await browser.page.evaluate(() => attune.wasmThreads())).toBe(2);
  });

  it('passes the conformance suite on WebGPU when Chromium offers an adapter', async (ctx) => {
    if (!webgpu) {
      console.log('[attune] WebGPU: Chromium gave no adapter here; skipping the WebGPU run (WASM ran above).');
      ctx.skip();
    }
    const checks = await browser.page.evaluate((f) => attune.conformance(f, ['webgpu']), toWire(fixture));
    expectAllPassed(checks);
    expect(checks.find((c) => c.name === 'names the model inputs and outputs')?.detail).toBe('device webgpu');
  });

  it('gives the same outputs as onnxruntime-node within 1e-4', async () => {
    const node = await createNodeBackend().createSession(fixture.model, { devices: ['cpu'] });
    const targets = webgpu ? (['wasm', 'webgpu'] as const) : (['wasm'] as const);
    try {
      for (const c of fixture.cases) {
        const want = (await node.run(c.feeds))['logits']!;
        for (const device of targets) {
          const got = await browser.page.evaluate(([m, f, d]) => attune.run(m, f, [d]), [toWire(fixture.model), toWire(c.feeds), device] as const);
          expect(got.device).toBe(device);
          const logits = fromWire<Record<string, TensorData>>(got.outputs)['logits']!;
          expect(maxAbsDiff(logits, want), `${device}, ${c.name}`).toBeLessThanOrEqual(1e-4);
        }
      }
    } finally {
      await node.release();
    }
  });

  it('runs many sessions at once: their runs queue in one line (WebGPU refuses overlapping runs)', async () => {
    const c = fixture.cases[0]!;
    for (const device of webgpu ? (['webgpu', 'wasm'] as const) : (['wasm'] as const)) {
      const results = await browser.page.evaluate(([m, f, d]) => attune.runConcurrently(m, f, [d], 4), [toWire(fixture.model), toWire(c.feeds), device] as const);
      expect(results, device).toEqual(Array(8).fill('ok'));
    }
  });

  it('works inside a Web Worker', async () => {
    const c = fixture.cases[2]!;
    const reply = await browser.page.evaluate(([m, f]) => attune.runInWorker(m, f), [toWire(fixture.model), toWire(c.feeds)] as const);
    expect(reply.hasWindow).toBe(false);
    expect(reply.device).toBe(webgpu ? 'webgpu' : 'wasm');
    const logits = fromWire<Record<string, TensorData>>(reply.outputs)['logits']!;
    expect(maxAbsDiff(logits, c.expected['logits']!)).toBeLessThanOrEqual(fixture.tolerance);
  });
});

describe('device fallback in Chromium without a WebGPU adapter', () => {
  // Without --enable-unsafe-webgpu, Linux Chromium exposes navigator.gpu but gives no adapter.
  const inPage = <T>(fn: (model: unknown) => Promise<T>) =>
    withBrowserPage(PAGE, (page) => page.evaluate(fn, toWire(fixture.model)), { webgpu: false });

  it('lists every failure when no requested device works, and falls back to WASM once by default', async () => {
    const [pinned, auto] = await inPage((m) => Promise.all([attune.resolve(m, ['cuda', 'webgpu']), attune.resolve(m, 'auto')]));

    expect(pinned.error?.name).toBe('BackendUnavailableError');
    expect(pinned.error?.code).toBe('BACKEND_UNAVAILABLE');
    expect((pinned.error?.failures as Array<{ device: string }>).map((f) => f.device)).toEqual(['cuda', 'webgpu']);
    expect(pinned.error?.message).toMatch(/webgpu\): navigator\.gpu\.requestAdapter\(\) gave no adapter/);

    expect(auto.device).toBe('wasm');
    expect(auto.messages).toHaveLength(1);
    expect(auto.messages[0]).toMatch(/using wasm; webgpu skipped: navigator\.gpu\.requestAdapter\(\) gave no adapter/);
  });
});
