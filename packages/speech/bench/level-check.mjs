// The other side of `levelDb` (dev check; the quality bench measures unseen speakers only): accuracy
// on new recordings of the training voices, and enrolment of a new word from ten of their clips.
// The setting of src/kws/enrol.test.ts: a spotter of the digits 0-8 trained on four speakers'
// takes 0-29 (george left out), tested on their takes 30-49; "9" enrolled from four different sets
// of ten clips (takes 3s..3s+2 of each speaker, s = 0-3) and scored on the 80 takes 30-49 of "9".
// `--extra <dir>`: that folder's clips of 0-8 join the training set (e.g. `attune synth` takes).
// Imports the built packages (build first).
//   node bench/level-check.mjs --level=-10 --epochs 40      (--level none: clips as recorded)
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createNodeRuntime } from '@attune/node';
import { KeywordSpotter } from '@attune/speech';
import { readDataset } from './dataset.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({ options: { level: { type: 'string', default: 'none' }, epochs: { type: 'string', default: '40' }, extra: { type: 'string' } } });
const levelDb = args.level === 'none' ? null : Number(args.level);
const epochs = Number(args.epochs);
const datasets = process.env.ATTUNE_DATASETS ?? path.resolve(here, '../../../../shared/datasets');
const runtime = createNodeRuntime({ devices: ['cpu'] });
const take = (c) => Number(/_(\d+)\.wav$/.exec(c.file)[1]);
const clips = readDataset(path.join(datasets, 'fsdd')).filter((c) => c.speaker !== 'george');
const extra = args.extra ? readDataset(args.extra).filter((c) => c.label !== '9') : [];
const base = [...clips.filter((c) => c.label !== '9' && take(c) < 30), ...extra];
const oldTest = clips.filter((c) => c.label !== '9' && take(c) >= 30);
const nineTest = clips.filter((c) => c.label === '9' && take(c) >= 30);

const spotter = await KeywordSpotter.train(runtime, base, { epochs, learningRate: 2e-3, batchSize: 32, seed: 3, config: { levelDb } });
const known = (await spotter.evaluate(oldTest)).accuracy;
const enrolments = [];
for (let s = 0; s < 4; s++) {
  const enrolment = clips.filter((c) => c.label === '9' && take(c) >= 3 * s && take(c) < 3 * s + 3).slice(0, 10);
  const enrolled = await spotter.enrol('9', enrolment, { seed: 1 });
  enrolments.push({ recall: (await enrolled.evaluate(nineTest)).accuracy, oldDigitsAfter: (await enrolled.evaluate(oldTest)).accuracy });
  await enrolled.release();
}
await spotter.release();
console.log(
  `[level check] levelDb ${levelDb}, ${epochs} epochs${extra.length ? `, ${extra.length} extra clips` : ''}: new takes of the training voices (0-8) ${known.toFixed(3)}; ` +
    `"9" enrolled from ten clips, recall per enrolment set ${enrolments.map((e) => e.recall.toFixed(3)).join(' ')} ` +
    `(0-8 after: ${enrolments.map((e) => e.oldDigitsAfter.toFixed(3)).join(' ')})`,
);
