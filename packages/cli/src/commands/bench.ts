import { writeFile } from 'node:fs/promises';
import { InputError, loadPredictor } from '@attune/core';
import type { CommandContext } from '../context.js';
import { dataOptionsOf, decimalNumber, FLAG_MAXIMA, type DataFlags } from '../options.js';
import { checkOutputFile } from '../output-paths.js';
import { openArtifact } from './load.js';

export interface BenchOptions extends DataFlags {
  data: string;
  batchSizes: string;
  seconds: number;
  warmup: number;
  out?: string;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/**
 * `attune bench <artifact> --data <file>`: inference latency and throughput of the artifact on this
 * machine, per batch size, using inputs from a data file; each batch size runs for a bounded time.
 */
export async function benchCommand(artifactDir: string, options: BenchOptions, ctx: CommandContext): Promise<void> {
  const sizes = options.batchSizes.split(',').map(decimalNumber);
  const most = FLAG_MAXIMA['--batch-size']!;
  if (sizes.some((n) => !Number.isInteger(n) || n < 1 || n > most)) {
    throw new InputError(`--batch-sizes must be integers in [1, ${most}] separated by commas; got ${options.batchSizes}.`);
  }
  const outFile = options.out === undefined ? undefined : await checkOutputFile('--out', options.out, ctx.cwd); // before the timed runs
  const { artifact, adapter, dir } = await openArtifact(artifactDir, ctx.registry, ctx.cwd);
  const examples = await adapter.readExamples(options.data, dataOptionsOf(options));
  const inputs = examples.map((e) => adapter.inputOf(e));
  if (inputs.length === 0) throw new InputError(`${options.data} holds no inputs to benchmark with.`);
  const predictor = await loadPredictor(adapter.plugin, artifact, ctx.runtime(), { batchSize: Math.max(...sizes) });
  const results = [];
  try {
    for (const batchSize of sizes) {
      const batchAt = (k: number) => Array.from({ length: batchSize }, (_, j) => inputs[(k * batchSize + j) % inputs.length]);
      for (let k = 0; k < options.warmup; k++) await predictor.predict(batchAt(k));
      const latencies: number[] = [];
      const task = ctx.reporter.task(`batch ${batchSize}`, Math.round(options.seconds));
      const started = performance.now();
      let shown = 0;
      // at least one timed call, however short --seconds is: no figure is ever NaN
      while (latencies.length === 0 || performance.now() - started < options.seconds * 1000) {
        const t0 = performance.now();
        await predictor.predict(batchAt(latencies.length));
        latencies.push(performance.now() - t0);
        const elapsed = Math.floor((performance.now() - started) / 1000);
        if (elapsed > shown) task.tick(elapsed - shown, { calls: latencies.length }), (shown = elapsed);
      }
      task.done();
      const seconds = (performance.now() - started) / 1000;
      const sorted = [...latencies].sort((a, b) => a - b);
      results.push({
        batchSize,
        calls: latencies.length,
        inputsPerSecond: (latencies.length * batchSize) / seconds,
        p50Ms: percentile(sorted, 50),
        p99Ms: percentile(sorted, 99),
        meanMs: latencies.reduce((a, b) => a + b, 0) / latencies.length,
      });
    }
  } finally {
    await predictor.release();
  }
  const report = { artifact: dir, device: predictor.device, plugin: artifact.manifest.plugin.id, results };
  if (outFile) await writeFile(outFile, `${JSON.stringify(report, null, 2)}\n`);
  ctx.reporter.result(
    report,
    [`${dir} on ${predictor.device}`, 'batch   calls   inputs/s   p50 ms   p99 ms',
      ...results.map((r) => `${String(r.batchSize).padStart(5)} ${String(r.calls).padStart(7)} ${r.inputsPerSecond.toFixed(1).padStart(10)} ${r.p50Ms.toFixed(2).padStart(8)} ${r.p99Ms.toFixed(2).padStart(8)}`),
    ].join('\n'),
  );
}
