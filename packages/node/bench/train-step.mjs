#!/usr/bin/env node
// Training-step benchmark of the reference encoder (batch 32, seq 64, d_model 128, 4 heads,
// 2 layers, FFN 512, vocab 8000) on every tfjs backend that runs in Node, each in its own child
// process (a wasm module and its threads initialise once per process). Prints one table and writes
// bench/results/train-step.json at the repository root.
//
//   npm run bench -w @attune/node              all configurations
//   node bench/train-step.mjs --only wasm-2t   one configuration, printed as JSON
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const REF = { batch: 32, seq: 64, dModel: 128, heads: 4, layers: 2, ffn: 512, vocab: 8000, classes: 10 };
const CONFIGS = {
  'ort-1t': { backend: 'wasm', threads: 1, steps: 20, engine: 'onnxruntime' },
  'ort-2t': { backend: 'wasm', threads: 2, steps: 20, engine: 'onnxruntime' },
  'wasm-2t': { backend: 'wasm', threads: 2, steps: 12 },
  'wasm-1t': { backend: 'wasm', threads: 1, steps: 12 },
  cpu: { backend: 'cpu', threads: 1, steps: 2 },
};

/** Multiply-adds of one forward pass, times 2 for FLOPs; a training step is ~3 forward passes. */
function flopsPerStep({ batch, seq, dModel, heads, layers, ffn, classes }) {
  const tokens = batch * seq;
  const perLayer = tokens * (4 * dModel * dModel + 2 * dModel * ffn) + 2 * batch * heads * seq * seq * (dModel / heads);
  const forward = 2 * (layers * perLayer + batch * dModel * classes);
  return 3 * forward;
}

async function measure(name) {
  const { backend, threads, steps, engine: engineKind } = CONFIGS[name];
  const tf = await import('@tensorflow/tfjs-core');
  const { setupTfjs, createOnnxTrainingEngine } = await import('@attune/node');
  const { SequenceClassifier, TfjsEngine, Rng } = await import('@attune/core');
  const setup = await setupTfjs({ backend, threads, log: false });

  // matmul peak of this backend (tfjs): 1024 square, best of 5
  const a = tf.randomNormal([1024, 1024]);
  const b = tf.randomNormal([1024, 1024]);
  tf.matMul(a, b).dataSync();
  let best = Infinity;
  for (let i = 0; i < (backend === 'cpu' ? 1 : 5); i++) {
    const t = performance.now();
    const c = tf.matMul(a, b);
    c.dataSync();
    c.dispose();
    best = Math.min(best, performance.now() - t);
  }
  const matmulGflops = (2 * 1024 ** 3) / (best / 1000) / 1e9;

  const model = new SequenceClassifier(
    { vocabSize: REF.vocab, maxLength: REF.seq, numClasses: REF.classes, dModel: REF.dModel, numHeads: REF.heads, numLayers: REF.layers, ffnDim: REF.ffn, dropout: 0.1 },
    { seed: 1 },
  );
  const engine = engineKind === 'onnxruntime' ? await createOnnxTrainingEngine(model, { threads }) : new TfjsEngine(model);
  const rng = new Rng(3);
  const examples = Array.from({ length: REF.batch }, () => ({
    ids: Array.from({ length: REF.seq }, () => 1 + rng.int(REF.vocab - 1)),
    label: rng.int(REF.classes),
  }));
  const batch = model.collate(examples);
  const params = { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.01, clipNorm: 1, seed: 0 };
  await engine.step(batch, params); // warm-up: kernels compiled, buffers allocated
  const times = [];
  for (let i = 0; i < steps; i++) {
    const t = performance.now();
    await engine.step(batch, { ...params, seed: i });
    times.push(performance.now() - t);
  }
  times.sort((x, y) => x - y);
  const stepMs = times[Math.floor(times.length / 2)];
  const flops = flopsPerStep(REF);
  return {
    config: name,
    backend: setup.backend,
    threads: setup.threads,
    stepMs: +stepMs.toFixed(1),
    minStepMs: +times[0].toFixed(1),
    tokensPerSecond: Math.round((REF.batch * REF.seq) / (stepMs / 1000)),
    achievedGflops: +(flops / (stepMs / 1000) / 1e9).toFixed(2),
    matmulPeakGflops: +matmulGflops.toFixed(1),
    steps,
  };
}

const only = process.argv.indexOf('--only');
if (only > 0) {
  console.log(JSON.stringify(await measure(process.argv[only + 1])));
} else {
  const rows = [];
  for (const name of Object.keys(CONFIGS)) {
    try {
      const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--only', name], { cwd: here, timeout: 600_000 });
      rows.push(JSON.parse(out.toString().trim().split('\n').pop()));
    } catch (error) {
      rows.push({ config: name, error: String(error.message).split('\n')[0] });
    }
  }
  const fastest = Math.min(...rows.filter((r) => r.stepMs).map((r) => r.stepMs));
  console.log(`\nTraining step, reference encoder (batch ${REF.batch}, seq ${REF.seq}, d ${REF.dModel}, ${REF.heads} heads, ${REF.layers} layers, FFN ${REF.ffn}, vocab ${REF.vocab}); ${os.cpus().length} cores`);
  console.log('config    | ms/step (median) | tokens/s | achieved GFLOP/s | 1024² matmul peak GFLOP/s | × fastest');
  for (const r of rows) {
    if (r.error) console.log(`${r.config.padEnd(9)} | failed: ${r.error}`);
    else
      console.log(
        `${r.config.padEnd(9)} | ${String(r.stepMs).padStart(16)} | ${String(r.tokensPerSecond).padStart(8)} | ${String(r.achievedGflops).padStart(16)} | ${String(r.matmulPeakGflops).padStart(25)} | ${(r.stepMs / fastest).toFixed(2)}`,
      );
  }
  console.log('Reference (../shared/REFERENCE.md, same machine class): PyTorch CPU 1 thread ~107 ms/step; tfjs WASM naive ~3,200 ms.');
  const outDir = path.resolve(here, '../../../bench/results');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'train-step.json'), JSON.stringify({ date: new Date().toISOString(), model: REF, flopsPerStep: flopsPerStep(REF), rows }, null, 2) + '\n');
  console.log(`\nwrote ${path.join(outDir, 'train-step.json')}`);
}
