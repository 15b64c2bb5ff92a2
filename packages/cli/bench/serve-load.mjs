// Load test of `attune serve` on loopback with autocannon: requests per second, p50/p99 latency and
// errors at 1, 16 and 64 connections for a text model, then a run with a hot reload in the middle.
// Every run is bounded in time; "lost" compares what autocannon sent with what it got back and with
// the server's own request counter. Writes bench/results/serve-load.json.
//
//   npm run bench -w @attune/cli            (BANKING77 from ATTUNE_DATASETS when present, else made data)
//   SERVE_LOAD_SECONDS=5 npm run bench -w @attune/cli
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { loadArtifact, saveArtifact } from '@attune/node';
import { parseTable } from '../dist/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.resolve(here, '../dist/bin.js');
const seconds = Number(process.env.SERVE_LOAD_SECONDS ?? 10);
const loadAtStart = os.loadavg()[0];
const work = mkdtempSync(path.join(os.tmpdir(), 'attune-serve-load-'));
const cli = (...args) => execFileSync(process.execPath, [bin, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });

// --- data and model -------------------------------------------------------------------------------
const datasets = process.env.ATTUNE_DATASETS ?? path.resolve(here, '../../../../shared/datasets');
const banking = path.join(datasets, 'banking77');
let dataset;
let texts;
const trainFile = path.join(work, 'train.csv');
if (existsSync(path.join(banking, 'train.csv'))) {
  // a bounded subset: serving speed depends on the model's size, not on how long it trained
  const read = (split) => parseTable(readFileSync(path.join(banking, `${split}.csv`), 'utf8'), 'csv', `${split}.csv`).map((r) => r.values);
  const q = (v) => `"${v.replace(/"/g, '""')}"`;
  const rows = read('train').filter((_, i) => i % 5 === 0);
  writeFileSync(trainFile, `text,category\n${rows.map((r) => `${q(r.text)},${q(r.category)}`).join('\n')}\n`);
  texts = read('test').slice(0, 200).map((r) => r.text);
  dataset = `BANKING77 (every 5th training example: ${rows.length} texts, 77 labels)`;
} else {
  const intents = { card: ['lost my card', 'card blocked', 'new debit card'], transfer: ['send money abroad', 'wire funds'], balance: ['check my balance', 'money left'] };
  const rows = ['text,label'];
  for (let i = 0; i < 600; i++) for (const [label, phrases] of Object.entries(intents)) if (i % 3 === 0) rows.push(`please ${phrases[i % phrases.length]} ${i},${label}`);
  writeFileSync(trainFile, rows.join('\n'));
  texts = rows.slice(1, 201).map((r) => r.split(',')[0]);
  dataset = 'made-up intents (600 texts, 3 labels)';
}
const modelA = path.join(work, 'model-a');
const modelB = path.join(work, 'model-b');
const live = path.join(work, 'live');
console.log(`training a text model on ${dataset} ...`);
const trained = JSON.parse(cli('train', 'text', '--data', trainFile, '--out', modelA, '--epochs', '2', '--seed', '1', '--json').trim().split('\n').at(-1));
cli('export', modelA, '--out', modelB); // same weights, a new artifact: the reload swaps versions
await saveArtifact(live, await loadArtifact(modelA));

// --- server ---------------------------------------------------------------------------------------
const server = spawn(process.execPath, [bin, 'serve', `text=${live}`, '--port', '0', '--json', '--max-batch', '64', '--max-delay', '2', '--no-request-log'], { stdio: ['ignore', 'pipe', 'inherit'] });
const base = await new Promise((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (d) => {
    out += d;
    const m = /"address":"(http:\/\/[^"]+)"/.exec(out);
    if (m) resolve(m[1]);
  });
  server.on('close', (code) => reject(new Error(`serve exited (${code})`)));
});
const url = `${base}/v1/models/text:predict`;
const served = async () => {
  const text = await (await fetch(`${base}/metrics`)).text();
  return [...text.matchAll(/^attune_requests_total\{code="(\d+)",model="text"\} (\d+)$/gm)].reduce((n, m) => n + Number(m[2]), 0);
};
const requests = texts.slice(0, 50).map((t) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ inputs: [t] }) }));

async function run(connections, duringRun) {
  const before = await served();
  const instance = autocannon({ url, connections, duration: seconds, requests, pipelining: 1, timeout: 10 });
  const side = duringRun?.();
  const result = await instance;
  await side;
  await new Promise((r) => setTimeout(r, 500)); // requests autocannon abandoned at the deadline are still answered
  const answered = (await served()) - before;
  const ok = result['2xx'];
  const row = {
    connections,
    seconds: result.duration,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    sent: result.requests.sent,
    completed: result.requests.total,
    ok,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    answeredByServer: answered,
    // autocannon stops at the deadline without waiting for the requests on the wire (one per connection)
    inFlightAtDeadline: result.requests.sent - result.requests.total,
    // a request the server never answered is lost
    lost: result.requests.sent - answered,
  };
  console.log(`${String(connections).padStart(3)} conn: ${row.requestsPerSecond} req/s, p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms, errors ${row.errors + row.non2xx + row.timeouts}, sent ${row.sent}, answered ${ok} + ${row.inFlightAtDeadline} in flight at the deadline (server counted ${answered}), lost ${row.lost}`);
  return row;
}

const results = [];
for (const c of [1, 16, 64]) results.push(await run(c));
console.log('hot reload in the middle of a 16-connection run:');
let reloadedAt;
const reload = await run(16, async () => {
  await new Promise((r) => setTimeout(r, (seconds * 1000) / 3));
  await saveArtifact(live, await loadArtifact(modelB)); // atomic replace, as `attune train --out` does
  reloadedAt = Date.now();
});
const health = await (await fetch(`${base}/healthz`)).json();
reload.generationAfter = health.models.text.generation;
server.kill('SIGTERM');
const exitCode = await new Promise((r) => server.on('close', r));

const report = {
  command: 'npm run bench -w @attune/cli',
  date: new Date().toISOString(),
  machine: `${os.cpus()[0]?.model ?? 'cpu'} x${os.availableParallelism()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
  note: 'autocannon and the server share the same cores; figures are for this shared machine',
  loadAverage1m: { atStart: Number(loadAtStart.toFixed(2)), atEnd: Number(os.loadavg()[0].toFixed(2)) },
  dataset,
  model: { metrics: trained.metrics, modelBytes: trained.modelBytes },
  server: { maxBatch: 64, maxDelayMs: 2, request: 'one text per request' },
  secondsPerRun: seconds,
  runs: results,
  hotReload: { ...reload, reloadedAfterMs: reloadedAt ? Math.round((seconds * 1000) / 3) : null },
  serverExitCode: exitCode,
};
mkdirSync(path.join(here, 'results'), { recursive: true });
writeFileSync(path.join(here, 'results/serve-load.json'), `${JSON.stringify(report, null, 2)}\n`);
console.log(`wrote bench/results/serve-load.json; after the reload the server is on version ${reload.generationAfter}; exit code on SIGTERM ${exitCode}`);
const bad = [...results, reload].filter((r) => r.errors || r.non2xx || r.timeouts || r.lost !== 0);
if (bad.length || reload.generationAfter !== 2) {
  console.error('FAILED: errors, lost requests or no reload', bad);
  process.exitCode = 1;
}
