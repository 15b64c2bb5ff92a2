// onnxruntime-web in Node (its WASM build): the quick conformance run and the fallback rules.
// The browser run, the one that matters, is in onnx-backend.browser.test.ts.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { AttuneError, BackendUnavailableError, type Backend } from '@attune/core';
import { makeConformanceFixture, makeInt8ExactFixture, runBackendConformance, type ConformanceFixture } from '@attune/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { createWebBackend } from './onnx-backend.js';

let fixture: ConformanceFixture;
beforeAll(async () => {
  await tf.setBackend('cpu');
  fixture = makeConformanceFixture();
});

describe('createWebBackend in Node', () => {
  const backend = createWebBackend({ numThreads: 1 });

  it('passes the backend conformance suite on WASM', async () => {
    const wasmOnly: Backend = { ...backend, createSession: (m, o) => backend.createSession(m, { ...o, devices: ['wasm'] }) };
    const checks = await runBackendConformance(wasmOnly, fixture);
    expect(checks.filter((c) => !c.passed)).toEqual([]);
    expect(checks.length).toBeGreaterThanOrEqual(10);
  });

  it('runs int8 exports with exact integer arithmetic on WASM', async () => {
    const { model, x, dims, expected } = makeInt8ExactFixture();
    const session = await backend.createSession(model, { devices: ['wasm'] });
    const y = (await session.run({ x: { type: 'float32', data: x, dims } }))['y']!.data as Float32Array;
    await session.release();
    expect(Math.max(...y.map((v, i) => Math.abs(v - expected[i]!)))).toBe(0);
  });

  it('reports WebGPU as unavailable with a reason where there is no navigator.gpu', async () => {
    const devices = await backend.devices();
    expect(devices.map((d) => [d.kind, d.available])).toEqual([
      ['webgpu', false],
      ['wasm', true],
    ]);
    expect(devices[0]!.reason).toMatch(/navigator\.gpu/);
  });

  it('falls back from WebGPU to WASM and says so once', async () => {
    const messages: string[] = [];
    const session = await backend.createSession(fixture.model, { onFallback: (m) => messages.push(m) });
    expect(session.device).toBe('wasm');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/using wasm; webgpu skipped: navigator\.gpu is missing/);
    await session.release();
  });

  it('lists every failure when no device works', async () => {
    const error = await backend.createSession(fixture.model, { devices: ['cuda', 'webgpu'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect(AttuneError.isInstance(error) && error.code).toBe('BACKEND_UNAVAILABLE');
    expect((error as BackendUnavailableError).failures.map((f) => f.device)).toEqual(['cuda', 'webgpu']);
    expect((error as Error).message).toMatch(/onnxruntime-web \(cuda\): onnxruntime-web has no cuda device/);
  });

  it('rejects bad options and a model that is not bytes with messages that say what to pass', async () => {
    await expect(createWebBackend({ numThreads: 0 }).createSession(fixture.model)).rejects.toThrow(/numThreads: got 0; expected an integer in \[1, 1024\]/);
    await expect(backend.createSession('model.onnx' as unknown as Uint8Array)).rejects.toThrow(/Uint8Array; got string/);
  });
});
