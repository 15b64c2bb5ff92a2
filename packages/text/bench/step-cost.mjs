#!/usr/bin/env node
// CPU cost of one training step (forward, backward, AdamW on ONNX Runtime) for model variants, on
// BANKING77 batches: what each part of the model costs. CPU time (process.cpuUsage) is reported
// next to wall time because the shared machine's load swings the latter.
//   node bench/step-cost.mjs [--data <banking77 dir>] ['[{"ngramVocabSize":0}, {"ngramDim":32}, …]']
// Each variant is merged over DEFAULT_TEXT_CONFIG; `bs` sets the batch size (default 32).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createNodeRuntime } from '@attune/node';
import { textClassifierPlugin as plugin, DEFAULT_TEXT_CONFIG } from '@attune/text';
import { readSplits } from './read-data.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: args, positionals } = parseArgs({ allowPositionals: true, options: { data: { type: 'string', default: path.resolve(here, '../../../../shared/datasets/banking77') } } });
const variants = JSON.parse(positionals[0] ?? '[{}, {"ngramVocabSize": 0}]');
const { train } = readSplits(args.data, 'csv');
const runtime = createNodeRuntime({ devices: ['cpu'] });
await runtime.ready();
const rows = [];
for (const { bs = 32, ...v } of variants) {
  const config = { ...DEFAULT_TEXT_CONFIG, ...v };
  const state = plugin.prepare(train, config);
  const model = plugin.buildModel(state, config, 0);
  const engine = await runtime.createTrainingEngine(model);
  const encoded = train.slice(0, 400).map((e) => plugin.encode(e, state, config));
  const batch = (i) => model.collate(encoded.slice((i * bs) % 300, ((i * bs) % 300) + bs));
  const params = { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.01, clipNorm: 1, seed: 0 };
  await engine.step(batch(0), params); // warm-up
  const steps = 11;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 1; i <= steps; i++) await engine.step(batch(i), { ...params, seed: i });
  const cpu = process.cpuUsage(c0);
  const row = { variant: { bs, ...v }, parameters: model.parameterCount(), cpuMsPerStep: (cpu.user + cpu.system) / 1000 / steps, wallMsPerStep: (performance.now() - t0) / steps };
  rows.push(row);
  console.log(`${JSON.stringify(row.variant)}: ${row.parameters} weights, cpu ${row.cpuMsPerStep.toFixed(1)} ms/step, wall ${row.wallMsPerStep.toFixed(1)} ms/step`);
}
mkdirSync(path.join(here, 'results'), { recursive: true });
writeFileSync(path.join(here, 'results', 'step-cost.json'), JSON.stringify({ rows, date: new Date().toISOString() }, null, 2) + '\n');
