#!/usr/bin/env node
// Inference benchmark of the reference encoder (seq 64, d_model 128, 4 heads, 2 layers, FFN 512,
// vocab 8000): batch-1 latency (p50, p95) and batch-32 throughput, on tfjs (each Node backend),
// onnxruntime-node and onnxruntime-web (WASM, in Node), each in its own child process, printed as
// ratios to the fastest. Writes bench/results/inference.json at the repository root.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const REF = { seq: 64, dModel: 128, heads: 4, layers: 2, ffn: 512, vocab: 8000, classes: 10 };
const CONFIGS = {
  'tfjs-wasm-1t': { engine: 'tfjs', backend: 'wasm', threads: 1 },
  'tfjs-wasm-2t': { engine: 'tfjs', backend: 'wasm', threads: 2 },
  'tfjs-cpu': { engine: 'tfjs', backend: 'cpu', threads: 1, quick: true },
  'ort-node-1t': { engine: 'ort-node', threads: 1 },
  'ort-node-2t': { engine: 'ort-node', threads: 2 },
  'ort-web-wasm-1t': { engine: 'ort-web', threads: 1 },
};

function ids(batch, seed) {
  const out = new Int32Array(batch * REF.seq);
  let s = seed;
  for (let i = 0; i < out.length; i++) out[i] = 1 + ((s = (s * 1103515245 + 12345) >>> 0) % (REF.vocab - 1));
  return out;
}

async function timeRuns(run, n) {
  await run(); // warm-up
  const times = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(n * 0.5)], p95: times[Math.min(n - 1, Math.floor(n * 0.95))] };
}

async function measure(name) {
  const cfg = CONFIGS[name];
  const tf = await import('@tensorflow/tfjs-core');
  const { setupTfjs } = await import('@attune/node');
  const { SequenceClassifier, exportOnnx } = await import('@attune/core');
  await setupTfjs({ backend: cfg.engine === 'tfjs' ? cfg.backend : 'wasm', threads: cfg.engine === 'tfjs' ? cfg.threads : 1, log: false });
  const model = new SequenceClassifier(
    { vocabSize: REF.vocab, maxLength: REF.seq, numClasses: REF.classes, dModel: REF.dModel, numHeads: REF.heads, numLayers: REF.layers, ffnDim: REF.ffn },
    { seed: 1 },
  );
  let forward;
  if (cfg.engine === 'tfjs') {
    forward = async (batch, data) => {
      const t = tf.tensor2d(data, [batch, REF.seq], 'int32');
      const out = model.forward(t);
      await out.data();
      tf.dispose([t, out]);
    };
  } else {
    const ort = cfg.engine === 'ort-node' ? await import('onnxruntime-node') : await import('onnxruntime-web');
    if (cfg.engine === 'ort-web') ort.env.wasm.numThreads = cfg.threads;
    const session = await ort.InferenceSession.create(exportOnnx(model), {
      executionProviders: [cfg.engine === 'ort-node' ? 'cpu' : 'wasm'],
      ...(cfg.engine === 'ort-node' ? { intraOpNumThreads: cfg.threads, interOpNumThreads: 1 } : {}),
    });
    forward = async (batch, data) => {
      await session.run({ ids: new ort.Tensor('int32', data, [batch, REF.seq]) });
    };
  }
  const one = ids(1, 1);
  const many = ids(32, 2);
  const latency = await timeRuns(() => forward(1, one), cfg.quick ? 5 : 40);
  const batch32 = await timeRuns(() => forward(32, many), cfg.quick ? 2 : 10);
  return {
    config: name,
    batch1P50Ms: +latency.p50.toFixed(2),
    batch1P95Ms: +latency.p95.toFixed(2),
    batch32Ms: +batch32.p50.toFixed(1),
    batch32SequencesPerSecond: Math.round(32 / (batch32.p50 / 1000)),
  };
}

const only = process.argv.indexOf('--only');
if (only > 0) {
  console.log(JSON.stringify(await measure(process.argv[only + 1])));
  process.exit(0);
}
const rows = [];
for (const name of Object.keys(CONFIGS)) {
  try {
    const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--only', name], { cwd: here, timeout: 600_000, stdio: ['ignore', 'pipe', 'ignore'] });
    rows.push(JSON.parse(out.toString().trim().split('\n').pop()));
  } catch (error) {
    rows.push({ config: name, error: String(error.message).split('\n')[0] });
  }
}
const ok = rows.filter((r) => !r.error);
const bestLatency = Math.min(...ok.map((r) => r.batch1P50Ms));
const bestBatch = Math.min(...ok.map((r) => r.batch32Ms));
console.log(`\nInference, reference encoder (seq ${REF.seq}, d ${REF.dModel}, ${REF.heads} heads, ${REF.layers} layers, FFN ${REF.ffn}, vocab ${REF.vocab}); ${os.cpus().length} cores`);
console.log('config          | batch 1 p50 ms | p95 ms | × fastest | batch 32 ms | seq/s  | × fastest');
for (const r of rows) {
  if (r.error) {
    console.log(`${r.config.padEnd(15)} | failed: ${r.error}`);
    continue;
  }
  console.log(
    `${r.config.padEnd(15)} | ${String(r.batch1P50Ms).padStart(14)} | ${String(r.batch1P95Ms).padStart(6)} | ${(r.batch1P50Ms / bestLatency).toFixed(2).padStart(9)} | ${String(r.batch32Ms).padStart(11)} | ${String(r.batch32SequencesPerSecond).padStart(6)} | ${(r.batch32Ms / bestBatch).toFixed(2)}`,
  );
}
const outDir = path.resolve(here, '../../../bench/results');
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, 'inference.json'), JSON.stringify({ date: new Date().toISOString(), model: REF, rows }, null, 2) + '\n');
console.log(`\nwrote ${path.join(outDir, 'inference.json')}`);
