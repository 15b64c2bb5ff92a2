// Every response counted and logged, and internal errors that tell the client nothing about the
// runtime: a real server on loopback with a real tiny model.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeRuntime } from '../context.js';
import type { CliAdapter } from '../plugins/adapter.js';
import { registryOf } from '../plugins/registry.js';
import { textAdapter } from '../plugins/text.js';
import { tempDir, trainTinyTextModel } from '../test-support/trained-models.js';
import { createServer, type AttuneServer } from './server.js';

const dir = tempDir('attune-serve-responses-');
const ORT_LIKE = 'OrtRun(): shape mismatch at node /encoder/layers.0/Add_3 (onnxruntime/core/providers/cpu/math/element_wise_ops.h:560)';
// the text adapter, except that the input "crash" fails as an unexpected (non-Attune) error would
const crashing: CliAdapter = {
  ...(textAdapter as CliAdapter),
  fromJson(value) {
    if (value === 'crash') throw new Error(ORT_LIKE);
    return textAdapter.fromJson!(value);
  },
};
const logged: Array<{ message: string; data?: Record<string, unknown> }> = [];
let server: AttuneServer;
let base: string;

beforeAll(async () => {
  const model = await trainTinyTextModel(dir, 'a', 1);
  server = await createServer({
    artifacts: [`intents=${model}`], registry: registryOf([crashing]), runtime: nodeRuntime('cpu'), bodyLimit: 4096, watch: false,
    log: (message, data) => void logged.push({ message, ...(data ? { data } : {}) }),
  });
  base = await server.listen('127.0.0.1', 0);
}, 240_000);
afterAll(async () => server?.close());

const post = (body: string, type = 'application/json') => fetch(`${base}/v1/models/intents:predict`, { method: 'POST', headers: { 'content-type': type }, body });
const series = (text: string, name: string, labels: string) => Number(new RegExp(`^${name}\\{${labels}\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);

describe('attune serve responses', () => {
  it('/metrics counts every response by route and status: bad JSON, 413, 415 and 404 too', async () => {
    expect((await post('{"inputs": [')).status).toBe(400);
    expect((await post(JSON.stringify({ input: 'x'.repeat(5000) }))).status).toBe(413);
    expect((await post('<inputs/>', 'application/xml')).status).toBe(415);
    expect((await post(JSON.stringify({ input: 'lost my card' }))).status).toBe(200);
    const missing = await fetch(`${base}/v1/nope`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    const text = await (await fetch(`${base}/metrics`)).text();
    const route = 'route="/v1/models/intents:predict"';
    for (const code of ['400', '413', '415', '200']) {
      expect(series(text, 'attune_http_responses_total', `code="${code}",${route}`), `http ${code}`).toBe(1);
      expect(series(text, 'attune_requests_total', `code="${code}",model="intents"`), `model ${code}`).toBe(1);
    }
    expect(series(text, 'attune_http_responses_total', 'code="404",route="unmatched"')).toBe(1);
    expect(series(text, 'attune_request_errors_total', 'kind="input",model="intents"')).toBe(3);
  });

  it('a 500 says only "internal error" and a request id; the error goes to the server log under that id', async () => {
    const res = await post(JSON.stringify({ inputs: ['lost my card', 'crash'] }));
    expect(res.status).toBe(500);
    const body = (await res.json()) as { error: { code: string; message: string; requestId: string } };
    expect(body.error.code).toBe('INTERNAL');
    expect(JSON.stringify(body)).not.toMatch(/Ort|onnx|node \/encoder|\.h:/i);
    expect(body.error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('x-request-id')).toBe(body.error.requestId);
    const entry = logged.find((l) => l.message.includes(ORT_LIKE));
    expect(entry?.message).toContain(body.error.requestId);
  });

  it('logs one line per request: method, route, status, ms and request id', async () => {
    const res = await post(JSON.stringify({ input: 'show my balance' }));
    const id = res.headers.get('x-request-id')!;
    const line = logged.find((l) => l.data?.['requestId'] === id && l.data?.['status'] === 200);
    expect(line?.message).toMatch(new RegExp(`^POST /v1/models/intents:predict 200 \\d+(\\.\\d)?ms ${id}$`));
    expect(line?.data).toMatchObject({ method: 'POST', route: '/v1/models/intents:predict', status: 200, requestId: id });
  });
});
