// The harness itself: bundling, serving (COOP/COEP, extra files), typed arrays over JSON, console on errors.
import { describe, expect, it } from 'vitest';
import type { EchoPageApi } from '../__fixtures__/echo-page.js';
import { fromWire, toWire, withBrowserPage } from './index.js';

const ENTRY = new URL('../__fixtures__/echo-page.ts', import.meta.url).pathname;
declare const echo: EchoPageApi;

describe('withBrowserPage', () => {
  it('runs an entry in a cross-origin isolated page and carries typed arrays both ways', async () => {
    const result = await withBrowserPage(
      ENTRY,
      async (page) => ({
        doubled: fromWire(await page.evaluate((x) => echo.double(x), toWire(new Float32Array([1, 2.5])))),
        isolated: await page.evaluate(() => echo.isolated()),
        file: await page.evaluate(() => echo.fetchText('/hello.txt')),
        ort: await page.evaluate(() => fetch('/ort/ort-wasm-simd-threaded.jsep.wasm').then((r) => r.headers.get('content-type'))),
      }),
      { files: { '/hello.txt': 'hello' }, webgpu: false },
    );
    expect(result).toEqual({ doubled: new Float32Array([2, 5]), isolated: true, file: 'hello', ort: 'application/wasm' });
  });

  it('appends the page console to an error', async () => {
    const error = await withBrowserPage(ENTRY, (page) => page.evaluate(() => echo.fail()), { webgpu: false }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/failed on purpose[\s\S]*--- browser console ---\nlog: a clue for the test/);
  });

  it('round-trips every typed array kind without a browser', () => {
    const value = { a: new Int32Array([-1, 2]), b: [new BigInt64Array([3n]), new Uint8Array([255])], c: 'x', d: new Float32Array(new Float64Array([0.1])) };
    expect(fromWire(JSON.parse(JSON.stringify(toWire(value))))).toEqual(value);
  });
});
