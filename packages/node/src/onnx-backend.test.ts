import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BackendUnavailableError, ConfigError, type SessionOptions } from '@attune/core';
import { makeConformanceFixture, runBackendConformance, type ConformanceFixture } from '@attune/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { CUDA_HINT, createNodeBackend } from './onnx-backend.js';
import { createNodeRuntime } from './runtime.js';
import { setupTfjs } from './setup-tfjs.js';

let fixture: ConformanceFixture;
beforeAll(async () => {
  await setupTfjs({ log: false });
  fixture = makeConformanceFixture();
});

describe('onnxruntime-node backend', () => {
  it('passes the backend conformance suite (parity with tfjs within 1e-4)', async () => {
    const checks = await runBackendConformance(createNodeBackend(), fixture);
    for (const c of checks) console.log(`${c.passed ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
    expect(checks.filter((c) => !c.passed)).toEqual([]);
    expect(checks.length).toBeGreaterThanOrEqual(10);
  });

  it('honours thread count and graph optimisation settings with the same results', async () => {
    const backend = createNodeBackend();
    const a = await backend.createSession(fixture.model, { devices: ['cpu'], threads: 1, graphOptimization: 'disabled' });
    const b = await backend.createSession(fixture.model, { devices: ['cpu'], threads: 2, graphOptimization: 'all' });
    const feeds = fixture.cases[2]!.feeds;
    const [x, y] = [(await a.run(feeds))['logits']!.data, (await b.run(feeds))['logits']!.data] as Float32Array[];
    // fused kernels and two threads add up in another order: the suite's fp32 tolerance, not bit equality
    for (let i = 0; i < x!.length; i++) expect(Math.abs(x![i]! - y![i]!)).toBeLessThan(1e-4);
    await Promise.all([a.release(), b.release()]);
  });

  it('without the CUDA provider, `auto` falls back to CPU and says once why and how to enable CUDA', async () => {
    const backend = createNodeBackend();
    const cuda = (await backend.devices()).find((d) => d.kind === 'cuda')!;
    expect(cuda).toMatchObject({ available: false, reason: CUDA_HINT });
    const messages: string[] = [];
    const session = await backend.createSession(fixture.model, { devices: 'auto', onFallback: (m) => messages.push(m) });
    expect(session.device).toBe('cpu');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('using cpu; cuda skipped: onnxruntime-node was installed without its CUDA execution provider');
    expect(messages[0]).toContain('ONNXRUNTIME_NODE_INSTALL=cuda12 node script/install');
    await session.release();
  });

  it('a CUDA provider file without a working CUDA stack: ORT refuses, the backend falls back and reports ORT\'s reason', async () => {
    const fakeBin = mkdtempSync(path.join(os.tmpdir(), 'attune-ort-'));
    writeFileSync(path.join(fakeBin, 'libonnxruntime_providers_cuda.so'), '');
    const backend = createNodeBackend({ binaryDir: fakeBin });
    expect((await backend.devices()).find((d) => d.kind === 'cuda')!.available).toBe(true);
    const messages: string[] = [];
    const session = await backend.createSession(fixture.model, { onFallback: (m) => messages.push(m) });
    expect(session.device).toBe('cpu');
    expect(messages[0]).toMatch(/cuda skipped: .*Failed to load shared library/);
    await session.release();
  });

  it('asking for CUDA only reports every failure together', async () => {
    const error = await createNodeBackend()
      .createSession(fixture.model, { devices: ['cuda'] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect((error as Error).message).toContain('No backend could run the model:\n  - onnxruntime-node (cuda): onnxruntime-node was installed without');
  });

  it('refuses unusable session and runtime options as ConfigErrors before anything is opened', async () => {
    const backend = createNodeBackend();
    // before: devices 'cpu' was tried letter by letter, threads -1 read as "no backend could run the model",
    // and threads 100000 hung while ONNX Runtime created the threads
    const bad: Array<[SessionOptions, string]> = [
      [{ devices: [] }, 'Invalid session.devices: got []'],
      [{ devices: 'cpu' as never }, 'Invalid session.devices: got "cpu"; expected a non-empty array'],
      [{ devices: ['tpu' as never] }, 'Invalid session.devices: got "tpu"; expected devices from'],
      [{ threads: -1 }, 'Invalid session.threads: got -1; expected an integer in [1, 1024]'],
      [{ threads: 1.5 }, 'Invalid session.threads: got 1.5'],
      [{ threads: Number.NaN }, 'Invalid session.threads: got NaN'],
      [{ threads: 100_000 }, 'Invalid session.threads: got 100000'],
      [{ graphOptimization: 'max' as never }, 'Invalid session.graphOptimization: got "max"'],
      [{ onFallback: 5 as never }, 'Invalid session.onFallback'],
    ];
    for (const [options, message] of bad) {
      await expect(backend.createSession(fixture.model, options)).rejects.toThrow(message);
      await expect(backend.createSession(fixture.model, options)).rejects.toBeInstanceOf(ConfigError);
    }
    expect(() => createNodeRuntime({ devices: [] })).toThrow('Invalid devices: got []');
    expect(() => createNodeRuntime({ threads: 100_000 })).toThrow('Invalid threads: got 100000');
    expect(() => createNodeRuntime({ engine: 'fast' as never })).toThrow("Invalid engine: got \"fast\"; expected 'auto', 'onnxruntime', 'tfjs'.");
    expect(() => createNodeRuntime(5 as never)).toThrow(ConfigError);
    const session = await backend.createSession(fixture.model, { devices: ['cpu'], threads: 1 });
    await session.release();
  });
});
