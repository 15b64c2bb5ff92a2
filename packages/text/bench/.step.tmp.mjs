import { createNodeRuntime } from '@attune/node';
import { textClassifierPlugin as plugin, DEFAULT_TEXT_CONFIG } from '@attune/text';
import { readSplits } from './read-data.mjs';
const { train } = readSplits('/work/shared/datasets/banking77', 'csv');
const runtime = createNodeRuntime({ devices: ['cpu'] });
await runtime.ready();
const variants = JSON.parse(process.argv[2]);
for (const v of variants) {
  const config = { ...DEFAULT_TEXT_CONFIG, ...v };
  const state = plugin.prepare(train, config);
  const model = plugin.buildModel(state, config, 0);
  const engine = await runtime.createTrainingEngine(model);
  const enc = train.slice(0, 400).map((e) => plugin.encode(e, state, config));
  const params = { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.01, clipNorm: 1, seed: 0 };
  const bs = v.bs ?? 32; await engine.step(model.collate(enc.slice(0, bs)), params);
  const c0 = process.cpuUsage(); const t0 = performance.now();
  for (let i = 1; i < 12; i++) await engine.step(model.collate(enc.slice((i * bs) % 300, (i * bs) % 300 + bs)), { ...params, seed: i });
  const cpu = process.cpuUsage(c0); const ms = (performance.now() - t0) / 11;
  console.log(JSON.stringify(v), `cpu ${((cpu.user + cpu.system) / 1000 / 11).toFixed(1)} ms/step, wall ${ms.toFixed(1)} ms/step`);
}
