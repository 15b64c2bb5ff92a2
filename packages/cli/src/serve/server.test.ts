// The model server on loopback with real tiny models: routes, micro-batching, limits, metrics, hot
// reload under concurrent load, and graceful shutdown of a real `attune serve` process.
import { spawn } from 'node:child_process';
import { cp, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadArtifact, saveArtifact } from '@attune/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeRuntime } from '../context.js';
import { builtInAdapters, registryOf } from '../plugins/registry.js';
import { BIN, PACKAGE_ROOT } from '../test-support/run-cli.js';
import { tempDir, trainTinyTextModel } from '../test-support/trained-models.js';
import { createServer, type AttuneServer } from './server.js';

const dir = tempDir('attune-serve-');
let modelA: string;
let modelB: string;
let server: AttuneServer;
let base: string;
const registry = registryOf(builtInAdapters());
const runtime = nodeRuntime('cpu');

beforeAll(async () => {
  modelA = await trainTinyTextModel(dir, 'a', 1);
  modelB = await trainTinyTextModel(dir, 'b', 2);
  await cp(modelA, path.join(dir, 'live'), { recursive: true });
  server = await createServer({ artifacts: [`intents=${path.join(dir, 'live')}`], registry, runtime, maxBatch: 64, maxDelayMs: 25, bodyLimit: 64 * 1024, log: () => {} });
  base = await server.app.listen({ host: '127.0.0.1', port: 0 });
}, 240_000);
afterAll(async () => server?.close());

const predict = (body: unknown) =>
  fetch(`${base}/v1/models/intents:predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('attune serve', () => {
  it('answers POST /v1/models/<name>:predict, /v1/models, /healthz', async () => {
    const res = await predict({ inputs: ['please i lost my card', { text: 'show my balance' }] });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { model: string; generation: number; predictions: Array<{ label: string }> };
    expect(body.model).toBe('intents');
    expect(body.predictions.map((p) => p.label)).toEqual(['card', 'balance']);
    expect(((await (await fetch(`${base}/v1/models`)).json()) as { models: unknown[] }).models).toHaveLength(1);
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', models: { intents: { generation: 1 } } });
  });

  it('batches concurrent requests into fewer runtime calls', async () => {
    const calls = () => server.metrics.batchRequests.count({ model: 'intents' });
    const before = calls();
    const responses = await Promise.all(Array.from({ length: 32 }, (_, i) => predict({ input: `hi check my balance ${i}` })));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    const used = calls() - before;
    console.log(`32 concurrent requests took ${used} runtime calls`);
    expect(used).toBeLessThanOrEqual(24); // 32 unbatched requests would take 32 calls
  });

  it('refuses bad requests with 400 and bodies over the limit with 413, and keeps serving', async () => {
    const bad = await predict({ inputs: [42] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toBe('inputs[0]: A text input is a string or {"text": "..."}.');
    expect((await predict({ inputs: [] })).status).toBe(400);
    expect((await predict('{"inputs": [')).status).toBe(400);
    expect((await predict({ inputs: ['x'.repeat(70 * 1024)] })).status).toBe(413);
    expect((await predict({ inputs: Array.from({ length: 300 }, () => 'a') })).status).toBe(400);
    expect((await fetch(`${base}/v1/models/nope:predict`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await predict({ input: 'lost card' })).status).toBe(200);
  });

  it('exposes Prometheus metrics', async () => {
    const res = await fetch(`${base}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const text = await res.text();
    expect(text).toContain('# TYPE attune_request_duration_seconds histogram');
    expect(text).toMatch(/attune_requests_total\{code="200",model="intents"\} \d+/);
    expect(text).toMatch(/attune_request_errors_total\{kind="input",model="intents"\} \d+/);
    expect(text).toMatch(/attune_batch_size_bucket\{model="intents",le="\+Inf"\} \d+/);
    expect(text).toMatch(/attune_model_generation\{model="intents"\} 1/);
  });

  it('hot reload: an artifact replaced on disk under concurrent load; no request fails or is lost', async () => {
    let stop = false;
    let sent = 0;
    const statuses: number[] = [];
    const generations = new Set<number>();
    const worker = async () => {
      while (!stop) {
        sent += 1;
        const res = await predict({ inputs: ['please send money to a friend', 'i lost my card'] });
        statuses.push(res.status);
        if (res.status === 200) generations.add(((await res.json()) as { generation: number }).generation);
        else await res.text();
      }
    };
    const workers = Array.from({ length: 16 }, worker);
    await new Promise((r) => setTimeout(r, 300));
    await saveArtifact(path.join(dir, 'live'), await loadArtifact(modelB)); // atomic replace, as `attune train --out` does
    const deadline = Date.now() + 20_000;
    while (server.models.get('intents')!.generation < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
    stop = true;
    await Promise.all(workers);
    console.log(`${sent} requests across the reload; generations seen: ${[...generations].join(', ')}`);
    expect(statuses.length).toBe(sent);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect([...generations].sort()).toEqual([1, 2]);
    expect(server.metrics.reloads.get({ model: 'intents', result: 'ok' })).toBe(1);
  });

  it('a damaged replacement is refused and the previous version keeps serving', async () => {
    const staged = path.join(dir, 'staged');
    await cp(modelA, staged, { recursive: true });
    const onnx = path.join(staged, 'model.onnx');
    const bytes = await readFile(onnx);
    bytes[bytes.length >> 1]! ^= 0xff;
    await writeFile(onnx, bytes);
    const live = path.join(dir, 'live');
    await rename(live, path.join(dir, 'live-old'));
    await rename(staged, live);
    const deadline = Date.now() + 10_000;
    while (server.metrics.reloads.get({ model: 'intents', result: 'failed' }) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(server.metrics.reloads.get({ model: 'intents', result: 'failed' })).toBeGreaterThan(0);
    const res = await predict({ input: 'lost my card' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { generation: number }).generation).toBe(2);
  });
});

it('SIGTERM: a real `attune serve` finishes the requests in flight, then exits 0', async () => {
  // a 3 s batching window keeps the requests in flight until SIGTERM arrives
  const child = spawn(process.execPath, [BIN, 'serve', `intents=${modelA}`, '--port', '0', '--json', '--max-delay', '3000', '--max-batch', '64'], { cwd: PACKAGE_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const address = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /"address":"(http:\/\/[^"]+)"/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('close', (code) => reject(new Error(`serve exited early (${code}): ${out}`)));
  });
  const inFlight = Array.from({ length: 24 }, () =>
    fetch(`${address}/v1/models/intents:predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ input: 'show my balance' }) }),
  );
  const inflight = async () => Number(/^attune_inflight_requests (\d+)/m.exec(await (await fetch(`${address}/metrics`)).text())?.[1]);
  const deadline = Date.now() + 30_000;
  while ((await inflight()) < 24 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  expect(await inflight(), 'all 24 requests reached the server').toBe(24);
  child.kill('SIGTERM');
  const responses = await Promise.all(inFlight);
  expect(responses.map((r) => r.status)).toEqual(Array(24).fill(200));
  const code = await new Promise((r) => child.on('close', r));
  expect(code).toBe(0);
  expect(out).toContain('SIGTERM: finishing requests in flight');
});
