#!/usr/bin/env node
// Training-step benchmark of the reference encoder (batch 32, seq 64, d_model 128, 4 heads,
// 2 layers, FFN 512, vocab 8000, dropout 0.1): ONNX Runtime engine, every tfjs backend that runs in
// Node, and PyTorch (Debian's python3-torch, bench/pytorch/train_step.py) side by side in one run,
// each in its own child process. Also measures each engine's 1024² fp32 matmul peak at the same
// thread count, for model FLOP utilisation. Prints one table; writes bench/results/train-step.json.
//
//   npm run bench -w @attune/node              everything (train-step, then inference)
//   node bench/train-step.mjs --only ort-2t    one configuration, printed as JSON
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const REF = { batch: 32, seq: 64, dModel: 128, heads: 4, layers: 2, ffn: 512, vocab: 8000, classes: 10, dropout: 0.1 };
const CONFIGS = {
  'onnxruntime-2t': { engine: 'onnxruntime', threads: 2, steps: 30 },
  'onnxruntime-1t': { engine: 'onnxruntime', threads: 1, steps: 30 },
  'pytorch-1t': { engine: 'pytorch', threads: 1 },
  'pytorch-2t': { engine: 'pytorch', threads: 2 },
  'tfjs-wasm-2t': { engine: 'tfjs', backend: 'wasm', threads: 2, steps: 12 },
  'tfjs-wasm-1t': { engine: 'tfjs', backend: 'wasm', threads: 1, steps: 12 },
  'tfjs-cpu': { engine: 'tfjs', backend: 'cpu', threads: 1, steps: 2 },
};

/** Multiply-adds of one forward pass, times 2 for FLOPs; a training step is ~3 forward passes. */
function flopsPerStep({ batch, seq, dModel, heads, layers, ffn, classes }) {
  const tokens = batch * seq;
  const perLayer = tokens * (4 * dModel * dModel + 2 * dModel * ffn) + 2 * batch * heads * seq * seq * (dModel / heads);
  return 3 * 2 * (layers * perLayer + batch * dModel * classes);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timeSteps(engine, batch, steps) {
  const params = { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.01, clipNorm: 1, seed: 0 };
  for (let i = 0; i < 3; i++) await engine.step(batch, { ...params, seed: 100 + i }); // warm-up
  const times = [];
  for (let i = 0; i < steps; i++) {
    const t = performance.now();
    await engine.step(batch, { ...params, seed: i });
    times.push(performance.now() - t);
  }
  return { stepMs: median(times), minStepMs: Math.min(...times) };
}

/** 1024² fp32 matmul on ONNX Runtime (MLAS), best of 10: the machine's practical peak at `threads`. */
async function ortPeak(threads) {
  const ort = await import('onnxruntime-node');
  const { OnnxGraphBuilder } = await import('@attune/core');
  const g = new OnnxGraphBuilder();
  const a = g.input('a', 'float32', [1024, 1024]);
  g.output(g.op('MatMul', [a, a], {}, 'c'), 'float32', [1024, 1024]);
  const session = await ort.InferenceSession.create(g.toBytes('peak'), { intraOpNumThreads: threads, interOpNumThreads: 1 });
  const feeds = { a: new ort.Tensor('float32', new Float32Array(1024 * 1024).fill(0.5), [1024, 1024]) };
  let best = Infinity;
  for (let i = 0; i < 12; i++) {
    const t = performance.now();
    await session.run(feeds);
    if (i > 1) best = Math.min(best, performance.now() - t);
  }
  return (2 * 1024 ** 3) / (best / 1000) / 1e9;
}

async function measure(name) {
  const cfg = CONFIGS[name];
  const { setupTfjs, createOnnxTrainingEngine } = await import('@attune/node');
  const { SequenceClassifier, TfjsEngine, Rng } = await import('@attune/core');
  const setup = await setupTfjs({ backend: cfg.backend ?? 'wasm', threads: cfg.engine === 'tfjs' ? cfg.threads : 1, log: false });
  const model = new SequenceClassifier(
    { vocabSize: REF.vocab, maxLength: REF.seq, numClasses: REF.classes, dModel: REF.dModel, numHeads: REF.heads, numLayers: REF.layers, ffnDim: REF.ffn, dropout: REF.dropout },
    { seed: 1 },
  );
  const engine = cfg.engine === 'onnxruntime' ? await createOnnxTrainingEngine(model, { threads: cfg.threads }) : new TfjsEngine(model);
  const rng = new Rng(3);
  const batch = model.collate(
    Array.from({ length: REF.batch }, () => ({ ids: Array.from({ length: REF.seq }, () => 1 + rng.int(REF.vocab - 1)), label: rng.int(REF.classes) })),
  );
  const timing = await timeSteps(engine, batch, cfg.steps);
  let peak;
  if (cfg.engine === 'onnxruntime') peak = await ortPeak(cfg.threads);
  else {
    const tf = await import('@tensorflow/tfjs-core');
    const m = tf.randomNormal([1024, 1024]);
    let best = Infinity;
    for (let i = 0; i < (cfg.backend === 'cpu' ? 1 : 6); i++) {
      const t = performance.now();
      const c = tf.matMul(m, m);
      await c.data();
      c.dispose();
      if (i > 0 || cfg.backend === 'cpu') best = Math.min(best, performance.now() - t);
    }
    peak = (2 * 1024 ** 3) / (best / 1000) / 1e9;
  }
  return { config: name, engine: engine.name, threads: cfg.engine === 'tfjs' ? setup.threads : cfg.threads, ...timing, matmulPeakGflops: peak };
}

function measurePytorch(name) {
  const script = path.join(root, 'bench/pytorch/train_step.py');
  const python = '/usr/bin/python3';
  if (!existsSync(python)) return { config: name, error: 'no /usr/bin/python3 (apt-get install -y python3-torch libopenblas0-pthread)' };
  const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_WAIT_POLICY: 'PASSIVE' };
  const out = execFileSync(python, [script, '--threads', String(CONFIGS[name].threads)], { env, timeout: 600_000, stdio: ['ignore', 'pipe', 'pipe'] });
  const r = JSON.parse(out.toString().trim().split('\n').pop());
  return { config: name, engine: `pytorch ${r.version}`, threads: r.threads, stepMs: r.stepMs, minStepMs: r.minStepMs };
}

const only = process.argv.indexOf('--only');
if (only > 0) {
  console.log(JSON.stringify(await measure(process.argv[only + 1])));
  process.exit(0);
}
const flops = flopsPerStep(REF);
const rows = [];
for (const name of Object.keys(CONFIGS)) {
  try {
    if (CONFIGS[name].engine === 'pytorch') rows.push(measurePytorch(name));
    else {
      const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--only', name], { cwd: here, timeout: 600_000, stdio: ['ignore', 'pipe', 'ignore'] });
      rows.push(JSON.parse(out.toString().trim().split('\n').pop()));
    }
  } catch (error) {
    const reason = String(error.stderr?.toString().trim().split('\n').pop() || error.message).split('\n')[0];
    rows.push({ config: name, error: reason });
  }
}
for (const r of rows) {
  if (r.error) continue;
  r.tokensPerSecond = Math.round((REF.batch * REF.seq) / (r.stepMs / 1000));
  r.achievedGflops = flops / (r.stepMs / 1000) / 1e9;
  if (r.matmulPeakGflops) r.flopUtilisation = r.achievedGflops / r.matmulPeakGflops;
}
const ok = rows.filter((r) => !r.error);
const byName = Object.fromEntries(ok.map((r) => [r.config, r]));
const torch = byName['pytorch-1t'];
const bestTfjs = Math.min(...ok.filter((r) => r.config.startsWith('tfjs')).map((r) => r.stepMs));
const f = (x, d = 1) => (x === undefined ? '-' : x.toFixed(d));
console.log(`\nTraining step, reference encoder (batch ${REF.batch}, seq ${REF.seq}, d ${REF.dModel}, ${REF.heads} heads, ${REF.layers} layers, FFN ${REF.ffn}, vocab ${REF.vocab}, dropout ${REF.dropout}); ${os.cpus().length} cores, ${(flops / 1e9).toFixed(2)} GFLOP per step`);
console.log('config          | ms/step (median) | min    | tokens/s | GFLOP/s | matmul peak GFLOP/s | MFU   | × PyTorch 1t | tfjs-best ÷ this');
for (const r of rows) {
  if (r.error) {
    console.log(`${r.config.padEnd(15)} | not measured: ${r.error}`);
    continue;
  }
  console.log(
    [
      r.config.padEnd(15),
      f(r.stepMs).padStart(16),
      f(r.minStepMs).padStart(6),
      String(r.tokensPerSecond).padStart(8),
      f(r.achievedGflops).padStart(7),
      f(r.matmulPeakGflops).padStart(19),
      (r.flopUtilisation === undefined ? '-' : `${Math.round(100 * r.flopUtilisation)}%`).padStart(5),
      (torch ? f(r.stepMs / torch.stepMs, 2) : '-').padStart(12),
      f(bestTfjs / r.stepMs, 2).padStart(16),
    ].join(' | '),
  );
}
const outDir = path.join(root, 'bench/results');
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, 'train-step.json'), JSON.stringify({ date: new Date().toISOString(), cores: os.cpus().length, model: REF, flopsPerStep: flops, rows }, null, 2) + '\n');
console.log(`\nwrote ${path.join(outDir, 'train-step.json')}`);
