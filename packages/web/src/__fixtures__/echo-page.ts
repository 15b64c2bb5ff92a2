// Browser entry for test-support/browser.test.ts: the smallest page the harness can drive.
import { fromWire, toWire } from '../test-support/wire.js';

const api = {
  double: (x: unknown) => toWire(fromWire<Float32Array>(x).map((v) => v * 2)),
  isolated: () => crossOriginIsolated,
  fetchText: async (path: string) => (await fetch(path)).text(),
  fail: () => {
    console.log('a clue for the test');
    throw new Error('failed on purpose');
  },
};
(globalThis as { echo?: typeof api }).echo = api;
export type EchoPageApi = typeof api;
