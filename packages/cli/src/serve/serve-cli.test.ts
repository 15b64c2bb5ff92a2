// `attune serve` as a process: refusals at start-up exit 2 with one line and promptly (no stack,
// no hang), and SIGTERM exits even while a client holds a half-sent request.
import { execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, PACKAGE_ROOT, runCli } from '../test-support/run-cli.js';
import { tempDir, trainTinyTextModel } from '../test-support/trained-models.js';

const dir = tempDir('attune-serve-cli-');
let model: string;

beforeAll(async () => {
  model = await trainTinyTextModel(dir, 'a', 1);
}, 240_000);

/** A refusal: exit 2, one line on stderr that matches, no stack; well before the 60 s kill. */
async function refused(args: string[], message: RegExp, env?: NodeJS.ProcessEnv) {
  const run = await runCli(['serve', `intents=${model}`, ...args], { timeoutMs: 60_000, ...(env ? { env: { ...process.env, ...env } } : {}) });
  expect(run.signal, 'it exited by itself').toBeNull();
  expect(run.code).toBe(2);
  const lines = run.stderr.split('\n').filter((l) => l.startsWith('attune:'));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
}

describe('attune serve start-up refusals', () => {
  it('a port in use: exit 2 with one line, and the process exits', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      await refused(['--port', String(port)], /Cannot listen on 127\.0\.0\.1:\d+: the port is already in use/);
    } finally {
      blocker.close();
    }
  }, 120_000);

  it('a bad --port or --host is refused before any model loads', async () => {
    for (const port of ['99999', '-1', '80.5', 'http', '']) await refused(['--port', port], /Invalid --port: got .*; expected a port number from 0 to 65535/);
    for (const host of ['bad host', 'a..b', '[127.0.0.1]', '-x.example']) await refused(['--host', host], /Invalid --host: got .*; expected an IP address/);
    await refused(['--allowed-host', 'evil/path'], /Invalid --allowed-host/);
  }, 120_000);

  it('a token file that is a FIFO, a device or too large is refused without reading it (a FIFO hung start-up)', async () => {
    const fifo = path.join(dir, 'token.fifo');
    execFileSync('mkfifo', [fifo]);
    await refused(['--token-file', fifo], /--token-file .*token\.fifo: cannot read it \(not a regular file\)/);
    await refused(['--token-file', '/dev/zero'], /--token-file \/dev\/zero: cannot read it \(not a regular file\)/);
    const big = path.join(dir, 'big-token.txt');
    writeFileSync(big, 'x'.repeat(10_000));
    await refused(['--token-file', big], /cannot read it \(10000 bytes; a token file holds at most 4096\)/);
  }, 240_000);

  it('name= with no path is refused by name, not as a missing manifest in the working directory', async () => {
    const run = await runCli(['serve', 'intents='], { timeoutMs: 60_000 });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('attune: "intents=" names no artifact directory; write name=path, e.g. intents=models/intents.');
  }, 120_000);

  it('an address of another machine: exit 2 with one line', async () => {
    await refused(['--host', '192.0.2.1', '--port', '0'], /Cannot listen on 192\.0\.2\.1:0: that address is not one of this machine's/);
  }, 120_000);

  it('a missing or too short token: exit 2 with one line', async () => {
    await refused(['--token-file', path.join(dir, 'nope.txt')], /--token-file .*nope\.txt: cannot read it \(ENOENT\)/);
    const short = path.join(dir, 'short.txt');
    writeFileSync(short, 'abc\n');
    await refused(['--token-file', short], /the token has 3 characters; use at least 16/);
    await refused([], /ATTUNE_SERVE_TOKEN: the token has 5 characters/, { ATTUNE_SERVE_TOKEN: 'short' });
  }, 120_000);
});

it('SIGTERM while a client holds a half-sent request: exits after --drain-timeout, closing that connection', async () => {
  const tokenFile = path.join(dir, 'token.txt');
  writeFileSync(tokenFile, 'a-long-enough-secret-token-1234\n');
  const { child, address, exited, output } = await startServe(['--drain-timeout', '1000', '--token-file', tokenFile]);
  expect((await fetch(`${address}/v1/models`, { headers: { authorization: 'Bearer a-long-enough-secret-token-1234' } })).status).toBe(200);
  const url = new URL(address);
  const stalled = net.connect(Number(url.port), url.hostname);
  stalled.on('error', () => {});
  stalled.resume();
  const stalledClosed = new Promise<void>((resolve) => stalled.on('close', () => resolve()));
  await new Promise<void>((resolve) => stalled.on('connect', () => resolve()));
  // headers complete, body promised but never sent: the request is open on the server
  stalled.write('POST /v1/models/intents:predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"inputs": [');
  await new Promise((r) => setTimeout(r, 300));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000); // generous: the drain deadline is 1 s
  const code = await exited;
  clearTimeout(killer);
  expect(code).toBe(0);
  await stalledClosed;
  expect(output()).toContain('SIGTERM: finishing requests in flight');
  expect(output()).toContain('"message":"stopped"');
  stalled.destroy();
}, 120_000);

/** Starts `attune serve` on a free port; resolves once it listens. */
async function startServe(args: string[]) {
  const child = spawn(process.execPath, [BIN, 'serve', `intents=${model}`, '--port', '0', '--json', ...args], { cwd: PACKAGE_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const address = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /"address":"(http:\/\/[^"]+)"/.exec(out);
      if (m) resolve(m[1]!);
    });
    void exited.then((code) => reject(new Error(`serve exited early (${code}): ${out}`)));
  });
  return { child, address, exited, output: () => out };
}

it.each(['SIGTERM', 'SIGHUP'] as const)('%s while a request waits for its batch to fill (--max-delay 60000): the request is answered, then exit 0', async (signal) => {
  // the drain deadline (30 s) is shorter than the batch wait (60 s): before the fix the request
  // waited out the deadline and its connection was closed unanswered (and SIGHUP killed at once)
  const serve = await startServe(['--max-delay', '60000', '--drain-timeout', '30000']);
  const answer = fetch(`${serve.address}/v1/models/intents:predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"inputs": ["i lost my card"]}' });
  await new Promise((r) => setTimeout(r, 500)); // let the request reach its batch
  serve.child.kill(signal);
  const killer = setTimeout(() => serve.child.kill('SIGKILL'), 90_000);
  const res = await answer;
  expect(res.status).toBe(200);
  expect(((await res.json()) as { predictions: unknown[] }).predictions).toHaveLength(1);
  const code = await serve.exited;
  clearTimeout(killer);
  expect(code).toBe(0);
  expect(serve.output()).toContain(`${signal}: finishing requests in flight`);
  expect(serve.output()).toContain('"message":"stopped"');
}, 150_000);
