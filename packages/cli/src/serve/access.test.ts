// What a team exposing `attune serve` needs: a bearer token, a Host allow-list against DNS
// rebinding, deadlines for slow clients and a connection cap. Real servers on loopback, raw sockets.
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeRuntime } from '../context.js';
import { builtInAdapters, registryOf } from '../plugins/registry.js';
import { tempDir, trainTinyTextModel } from '../test-support/trained-models.js';
import { createServer, type AttuneServer } from './server.js';

const TOKEN = 'f3c9a1d2e4b5a6978812aabbccddeeff';
const dir = tempDir('attune-serve-access-');
const registry = registryOf(builtInAdapters());
const runtime = nodeRuntime('cpu');
let model: string;
let server: AttuneServer;
let port: number;

beforeAll(async () => {
  model = await trainTinyTextModel(dir, 'a', 1);
  server = await createServer({
    artifacts: [`intents=${model}`], registry, runtime, watch: false, requestLog: false, log: () => {},
    token: TOKEN, allowedHosts: ['api.example.com'], headersTimeoutMs: 1000, requestTimeoutMs: 2000,
  });
  port = Number(new URL(await server.listen('127.0.0.1', 0)).port);
}, 240_000);
afterAll(async () => server?.close());

/** A request with any headers (fetch will not send a chosen Host). */
function request(path: string, headers: Record<string, string>, body?: string, to = port): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: to, path, method: body === undefined ? 'GET' : 'POST', headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
const auth = { authorization: `Bearer ${TOKEN}` };
const predictBody = JSON.stringify({ input: 'i lost my card' });

/** Resolves when the server closes the socket (or after `ms`, with false). */
const closedWithin = (socket: net.Socket, ms: number) =>
  new Promise<boolean>((resolve) => {
    if (socket.destroyed) return resolve(true);
    const timer = setTimeout(() => resolve(false), ms);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
const connect = (to: number) =>
  new Promise<net.Socket>((resolve, reject) => {
    const socket = net.connect(to, '127.0.0.1', () => resolve(socket));
    socket.on('error', () => {}); // a refused or reset socket just closes
    socket.resume(); // read what the server sends, so its end is seen
    socket.once('error', reject);
  });

describe('bearer token', () => {
  it('answers with the right token, 401 with WWW-Authenticate without it or with a wrong one; /healthz stays open', async () => {
    expect((await request('/v1/models/intents:predict', auth, predictBody)).status).toBe(200);
    const none = await request('/v1/models/intents:predict', {}, predictBody);
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="attune"');
    const wrong = await request('/v1/models/intents:predict', { authorization: `Bearer ${TOKEN.slice(0, -1)}0` }, predictBody);
    expect(wrong.status).toBe(401);
    expect(wrong.headers['www-authenticate']).toContain('error="invalid_token"');
    expect(JSON.parse(wrong.body)).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    for (const path of ['/metrics', '/v1/models', '/v1/models/intents']) expect((await request(path, {})).status, path).toBe(401);
    expect((await request('/healthz', {})).status).toBe(200);
    expect((await request('/v1/models', { authorization: `bearer  ${TOKEN}` })).status).toBe(200); // the scheme is case-insensitive
    const metrics = (await request('/metrics', auth)).body;
    expect(metrics).toMatch(/attune_http_responses_total\{code="401",route="\/metrics"\} 1$/m);
    expect(metrics).toMatch(/attune_requests_total\{code="401",model="intents"\} 2$/m);
  });
});

describe('Host allow-list (DNS rebinding)', () => {
  it('serves localhost, 127.0.0.1, [::1] and --allowed-host names; refuses any other name with 403', async () => {
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'api.example.com', `API.example.com:${port}`, 'localhost']) {
      expect((await request('/v1/models', { ...auth, host })).status, host).toBe(200);
    }
    for (const host of [`evil.example:${port}`, 'attacker.test', `localhost.evil.example:${port}`, `127.0.0.2:${port}`, `localhost:${port}@evil.example`, '[::1]evil', 'localhost:http']) {
      const res = await request('/v1/models', { ...auth, host });
      expect(res.status, host).toBe(403);
      expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'FORBIDDEN_HOST' } });
    }
    expect((await request('/healthz', { host: `evil.example:${port}` })).status).toBe(403);
    expect((await request('/metrics', auth)).body).toMatch(/attune_http_responses_total\{code="403",route="\/healthz"\} 1$/m);
  });

  it('with * any Host is served; the address a client connected to is always served', async () => {
    const open = await createServer({ artifacts: [`intents=${model}`], registry, runtime, watch: false, requestLog: false, log: () => {}, allowedHosts: ['*'] });
    const wildcard = await createServer({ artifacts: [`intents=${model}`], registry, runtime, watch: false, requestLog: false, log: () => {} });
    try {
      const a = Number(new URL(await open.listen('127.0.0.1', 0)).port);
      expect((await request('/v1/models', { host: 'anything.example' }, undefined, a)).status).toBe(200);
      // bound to every interface: a client of 127.0.0.1 may name that address, not another name
      const b = Number(new URL(await wildcard.listen('0.0.0.0', 0)).port);
      expect((await request('/v1/models', { host: `127.0.0.1:${b}` }, undefined, b)).status).toBe(200);
      expect((await request('/v1/models', { host: `rebound.example:${b}` }, undefined, b)).status).toBe(403);
    } finally {
      await open.close();
      await wildcard.close();
    }
  });
});

describe('slow clients', () => {
  it('connections that trickle their headers are closed after the headers deadline', async () => {
    const sockets = await Promise.all(Array.from({ length: 30 }, () => connect(port)));
    const ticker = setInterval(() => sockets.forEach((s) => s.writable && s.write('x')), 200);
    for (const s of sockets) s.write(`GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: `);
    try {
      // headers deadline 1 s, checked every second: generous bound for a loaded machine
      const closed = await Promise.all(sockets.map((s) => closedWithin(s, 20_000)));
      expect(closed.filter(Boolean)).toHaveLength(30);
    } finally {
      clearInterval(ticker);
      sockets.forEach((s) => s.destroy());
    }
    expect((await request('/healthz', {})).status).toBe(200);
  });

  it('a request whose body never finishes gets 408 after the request deadline', async () => {
    const socket = await connect(port);
    let reply = '';
    socket.on('data', (d: Buffer) => (reply += d.toString()));
    socket.write(`POST /v1/models/intents:predict HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"inputs": [`);
    expect(await closedWithin(socket, 30_000)).toBe(true);
    expect(reply).toMatch(/^HTTP\/1\.1 408/);
    expect(await (await fetch(`http://127.0.0.1:${port}/metrics`, { headers: auth })).text()).toMatch(/attune_http_responses_total\{code="408",route="client-error"\} [1-9]/);
  });

  it('connections beyond --max-connections are refused; those within stay open', async () => {
    const capped = await createServer({ artifacts: [`intents=${model}`], registry, runtime, watch: false, requestLog: false, log: () => {}, maxConnections: 5, headersTimeoutMs: 60_000 });
    const to = Number(new URL(await capped.listen('127.0.0.1', 0)).port);
    const sockets: net.Socket[] = [];
    try {
      for (let i = 0; i < 8; i++) sockets.push(await connect(to));
      const closed = await Promise.all(sockets.map((s) => closedWithin(s, 3000)));
      expect(closed.filter(Boolean)).toHaveLength(3);
      expect(closed.slice(0, 5)).toEqual([false, false, false, false, false]);
    } finally {
      sockets.forEach((s) => s.destroy());
      await capped.close();
    }
  });
});
