import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { AttuneError, InputError, loadPredictor } from '@attune/core';
import type { CommandContext } from '../context.js';
import { checkFinitePredictions } from '../finite.js';
import { openArtifact } from './load.js';

export interface PredictOptions {
  input?: string;
  batchSize: number;
  keepGoing?: boolean;
}

/**
 * `attune predict <artifact> [--input file]`: one input per line (stdin by default), one JSON line
 * out per input, in order. A bad line stops with its line number, or with `--keep-going` becomes
 * `{"line": n, "error": "..."}` and the rest continue.
 */
export async function predictCommand(artifactDir: string, options: PredictOptions, ctx: CommandContext, stdout: NodeJS.WritableStream = process.stdout): Promise<void> {
  const { artifact, adapter } = await openArtifact(artifactDir, ctx.registry, ctx.cwd);
  const predictor = await loadPredictor(adapter.plugin, artifact, ctx.runtime(), { batchSize: options.batchSize });
  const source = options.input && options.input !== '-' ? createReadStream(options.input, 'utf8') : process.stdin;
  const lines = createInterface({ input: source, crlfDelay: Infinity });
  const where = options.input && options.input !== '-' ? options.input : 'stdin';
  let pending: Array<{ line: number; input: unknown }> = [];
  let count = 0;
  let failed = 0;
  const toJson = adapter.toJson ?? ((p: unknown) => p);
  const write = (value: unknown) =>
    new Promise<void>((resolve) => (stdout.write(`${JSON.stringify(value)}\n`) ? resolve() : stdout.once('drain', () => resolve())));
  const flush = async () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    const predictions = await predictor.predict(batch.map((p) => p.input));
    checkFinitePredictions(predictions);
    for (const prediction of predictions) await write(toJson(prediction));
    count += batch.length;
  };
  try {
    let lineNumber = 0;
    for await (const line of lines) {
      lineNumber += 1;
      if (line.trim() === '') continue;
      try {
        pending.push({ line: lineNumber, input: await adapter.parseInput(line, {}) });
      } catch (error) {
        if (!AttuneError.isInstance(error) && !(error as NodeJS.ErrnoException).code) throw error;
        const message = `${where}:${lineNumber}: ${(error as Error).message}`;
        if (!options.keepGoing) throw new InputError(message);
        await flush(); // keep output in input order
        await write({ line: lineNumber, error: message });
        failed += 1;
        continue;
      }
      if (pending.length >= options.batchSize) await flush();
    }
    await flush();
  } finally {
    await predictor.release();
  }
  // stdout carries only predictions; the summary goes to stderr
  process.stderr.write(`predicted ${count} inputs${failed ? `, ${failed} refused` : ''}\n`);
}
