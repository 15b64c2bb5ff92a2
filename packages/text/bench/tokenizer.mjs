#!/usr/bin/env node
// Tokenizer benchmark: trains on BANKING77 train.csv and THUCNews dev.txt, then measures encode
// throughput in MB of UTF-8 text per second on the test splits (single thread; encode() with
// maxLength 64 and padding, i.e. what a classifier's data pipeline calls). Imports the BUILT package
// (`npx turbo run build --filter=@attune/text` first). Writes bench/results/text-tokenizer.json at the
// repository root.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { trainTokenizer } from '@attune/text';
import { readSplits } from './read-data.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
const datasets = process.env.ATTUNE_DATASETS ?? path.resolve(here, '../../../../shared/datasets');

const texts = (split) => ({ train: split.train.map((e) => e.text), test: split.test.map((e) => e.text) });
const sets = [
  { name: 'banking77', ...texts(readSplits(path.join(datasets, 'banking77'), 'csv')) },
  { name: 'thucnews', ...texts(readSplits(path.join(datasets, 'thucnews-titles'), 'thucnews')) },
];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
for (const { name, train, test } of sets) {
  const trainMs = [];
  let tokenizer;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    tokenizer = trainTokenizer(train, { vocabSize: 8000, minFrequency: 2 });
    trainMs.push(performance.now() - t0);
  }
  const bytes = test.reduce((n, t) => n + Buffer.byteLength(t, 'utf8'), 0);
  const encodeOnce = (tok) => {
    let tokens = 0;
    for (const text of test) tokens += tok.encode(text, { maxLength: 64 }).attentionMask.length;
    return tokens;
  };
  encodeOnce(tokenizer); // warm-up: JIT and the word cache, as in a long-running process
  const secs = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    encodeOnce(tokenizer);
    secs.push((performance.now() - t0) / 1000);
  }
  // Cold: a fresh tokenizer (empty word cache) on its first pass, e.g. a browser page's first batch.
  const cold = (await import('@attune/text')).Tokenizer.fromJSON(tokenizer.toJSON());
  const t0 = performance.now();
  encodeOnce(cold);
  const coldSecs = (performance.now() - t0) / 1000;
  const row = {
    dataset: name,
    trainTexts: train.length,
    trainMs: Math.round(median(trainMs)),
    vocabSize: tokenizer.vocabSize,
    testTexts: test.length,
    testMB: +(bytes / 1e6).toFixed(3),
    encodeMBPerSecond: +(bytes / 1e6 / median(secs)).toFixed(2),
    encodeColdMBPerSecond: +(bytes / 1e6 / coldSecs).toFixed(2),
    textsPerSecond: Math.round(test.length / median(secs)),
  };
  rows.push(row);
  console.log(
    `${name}: trained on ${row.trainTexts} texts in ${row.trainMs} ms (vocabulary ${row.vocabSize}); ` +
      `encode ${row.encodeMBPerSecond} MB/s warm, ${row.encodeColdMBPerSecond} MB/s cold (${row.textsPerSecond} texts/s)`,
  );
}

const out = path.join(repoRoot, 'bench/results/text-tokenizer.json');
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), node: process.version, cpu: os.cpus()[0]?.model, rows }, null, 2) + '\n');
console.log(`wrote ${path.relative(process.cwd(), out)}`);
