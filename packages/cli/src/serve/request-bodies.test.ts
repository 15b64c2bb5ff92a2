// Request bodies that are valid HTTP but hostile JSON, on a real server with a real tiny model:
// each is refused with a 4xx naming the problem (no 500, nothing silently mis-decoded), counted
// in /metrics, and the server keeps answering.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeRuntime } from '../context.js';
import { builtInAdapters, registryOf } from '../plugins/registry.js';
import { tempDir, trainTinyTextModel } from '../test-support/trained-models.js';
import { createServer, type AttuneServer } from './server.js';

const dir = tempDir('attune-serve-bodies-');
let server: AttuneServer;
let port: number;

beforeAll(async () => {
  const model = await trainTinyTextModel(dir, 'a', 1);
  server = await createServer({ artifacts: [`intents=${model}`], registry: registryOf(builtInAdapters()), runtime: nodeRuntime('cpu'), watch: false, requestLog: false, log: () => {} });
  port = Number(new URL(await server.listen('127.0.0.1', 0)).port);
}, 240_000);
afterAll(async () => server?.close());

/** One request with exactly these bytes and headers (fetch would re-encode some of them). */
function send(body: Buffer | string, headers: Record<string, string> = {}, requestPath = '/v1/models/intents:predict', method = 'POST') {
  return new Promise<{ status: number; body: { error?: { code: string; message: string }; predictions?: unknown[] } }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: requestPath, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('hostile request bodies', () => {
  it('a charset other than UTF-8 is 415 and bytes that are not UTF-8 are 400 (not classified as U+FFFD)', async () => {
    const latin1 = Buffer.from('{"inputs": ["caf\xe9"]}', 'latin1');
    const declared = await send(latin1, { 'content-type': 'application/json; charset=latin1' });
    expect(declared.status).toBe(415);
    expect(declared.body.error).toEqual({ code: 'UNSUPPORTED_CHARSET', message: 'JSON bodies must be UTF-8; the Content-Type says charset=latin1. Send UTF-8 (or leave out charset).' });
    const undeclared = await send(latin1);
    expect(undeclared.status).toBe(400);
    expect(undeclared.body.error?.code).toBe('INVALID_UTF8');
    // UTF-8 however it is spelled, and with a byte order mark, is fine
    expect((await send('{"inputs": ["café"]}', { 'content-type': 'application/json; charset="UTF-8"' })).status).toBe(200);
    expect((await send(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"inputs": ["café"]}')]))).status).toBe(200);
  });

  it('a compressed body is 415 naming the encoding', async () => {
    const { status, body } = await send(Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]), { 'content-encoding': 'gzip' });
    expect(status).toBe(415);
    expect(body.error?.message).toBe('Content-Encoding gzip is not supported; send the body uncompressed.');
  });

  it('bad JSON, an empty body and prototype-poisoning keys are 400 saying which', async () => {
    expect((await send('{"inputs": [}')).body.error).toMatchObject({ code: 'INVALID_JSON', message: expect.stringMatching(/^The request body is not valid JSON: /) });
    expect((await send('')).body.error?.code).toBe('EMPTY_BODY');
    for (const [body, key] of [['{"__proto__": {"inputs": ["x"]}}', '__proto__'], ['{"inputs": [{"text": "x", "__proto__": {}}]}', '__proto__'], ['{"inputs": ["x"], "constructor": {"prototype": {}}}', 'constructor.prototype']]) {
      const res = await send(body!);
      expect(res.status, body).toBe(400);
      expect(res.body.error?.message).toBe(`The request body holds a "${key}" key, which is refused (prototype poisoning); remove it.`);
    }
    // nested 10^5 deep: refused as input, without overflowing the stack
    const deep = await send(`{"inputs": ["x"], "extra": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    expect(deep.status).toBe(200);
  });

  it('an empty or blank text is 400, as `attune predict` refuses a blank line', async () => {
    for (const text of ['', '   ', '\n\t']) {
      const { status, body } = await send(JSON.stringify({ inputs: ['i lost my card', { text }] }));
      expect(status, JSON.stringify(text)).toBe(400);
      expect(body.error?.message).toBe('inputs[1]: A text input is empty (or only spaces); give some text to classify.');
    }
  });

  it('a body over --body-limit (413) and a body that is not JSON (415) say what to do', async () => {
    const big = await send(JSON.stringify({ inputs: ['x'.repeat(1024 * 1024)] }));
    expect(big.status).toBe(413);
    expect(big.body.error?.message).toBe('The request body is over the limit of 1048576 bytes (--body-limit); send fewer or shorter inputs per request.');
    const xml = await send('<inputs/>', { 'content-type': 'application/xml' });
    expect(xml.status).toBe(415);
    expect(xml.body.error?.message).toBe('Unsupported Content-Type; send the body as JSON with "Content-Type: application/json".');
  });

  it('a URL that does not decode is 400 in the same error shape, and counted', async () => {
    // read through /metrics, a later request: a response is counted after it is sent
    const count = async () => Number(/^attune_http_responses_total\{code="400",route="unmatched"\} (\d+)$/m.exec(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text())?.[1] ?? 0);
    const before = await count();
    const { status, body } = await send('{"inputs": ["x"]}', {}, '/v1/models/%zz:predict');
    expect(status).toBe(400);
    expect(body.error?.code).toBe('BAD_URL');
    expect(await count()).toBe(before + 1);
    expect((await send('{"inputs": ["i lost my card"]}')).status).toBe(200);
  });
});
