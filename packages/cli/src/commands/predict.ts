import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { AttuneError, InputError, loadPredictor, TextLineDecoder } from '@attune/core';
import type { CommandContext } from '../context.js';
import { ENCODING_HINT } from '../data/text-file.js';
import { checkFinitePredictions } from '../finite.js';
import { openArtifact } from './load.js';

/** Longest input line (bytes): far above any one input, and a stream without line breaks (`/dev/zero`) ends here. */
const MAX_LINE_BYTES = 64 * 1024 * 1024;

export interface PredictOptions {
  input?: string;
  batchSize: number;
  keepGoing?: boolean;
  /** Text encoding of the input (default UTF-8). */
  encoding?: string;
}

/**
 * `attune predict <artifact> [--input file]`: one input per line (stdin by default), one JSON line
 * out per input line, in order, so output line n answers input line n. A blank line (nothing but
 * spaces) gets `{"line": n, "error": "empty input on line n"}` and the rest continue. A bad line
 * stops with its line number, or with `--keep-going` becomes `{"line": n, "error": "..."}` too.
 * Input bytes that are not valid text in the encoding (UTF-8 unless `--encoding`) always stop.
 */
export async function predictCommand(artifactDir: string, options: PredictOptions, ctx: CommandContext, stdout: NodeJS.WritableStream = process.stdout): Promise<void> {
  const fromFile = options.input !== undefined && options.input !== '-';
  if (fromFile && (await stat(options.input!)).isDirectory()) throw new InputError(`--input ${options.input} is a directory; give a file with one input per line.`);
  const { artifact, adapter } = await openArtifact(artifactDir, ctx.registry, ctx.cwd);
  const predictor = await loadPredictor(adapter.plugin, artifact, ctx.runtime(), { batchSize: options.batchSize });
  const source = fromFile ? createReadStream(options.input!) : process.stdin;
  const where = fromFile ? options.input! : 'stdin';
  const decoder = new TextLineDecoder({
    source: where, encodingHint: ENCODING_HINT, maxLineBytes: MAX_LINE_BYTES, ...(options.encoding ? { encoding: options.encoding } : {}),
  });
  let pending: Array<{ line: number; input: unknown }> = [];
  let count = 0;
  let failed = 0;
  let empty = 0;
  const toJson = adapter.toJson ?? ((p: unknown) => p);
  const write = (value: unknown) =>
    new Promise<void>((resolve) => (stdout.write(`${JSON.stringify(value)}\n`) ? resolve() : stdout.once('drain', () => resolve())));
  const flush = async () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    let predictions;
    try {
      predictions = await predictor.predict(batch.map((p) => p.input));
    } catch (error) {
      if (!isInputError(error)) throw error;
      // the model refused an input of the batch ("Input 3 is 1 ms long"): answer each alone, so the
      // refusal names its line and --keep-going goes on with the others
      for (const item of batch) await predictOne(item);
      return;
    }
    checkFinitePredictions(predictions);
    for (const prediction of predictions) await write(toJson(prediction));
    count += batch.length;
  };
  const predictOne = async ({ line, input }: { line: number; input: unknown }) => {
    let predictions;
    try {
      predictions = await predictor.predict([input]);
    } catch (error) {
      if (!isInputError(error)) throw error;
      const message = `${where}:${line}: ${(error as Error).message.replace(/^Input 0: /, '').replace(/^Input 0 /, 'The input ')}`;
      if (!options.keepGoing) throw new InputError(message);
      await write({ line, error: message });
      failed += 1;
      return;
    }
    checkFinitePredictions(predictions);
    await write(toJson(predictions[0]));
    count += 1;
  };
  const handle = async ({ line: lineNumber, text: line }: { line: number; text: string }) => {
    if (line.trim() === '') {
      // answered in place, so output lines stay aligned with input lines
      await flush();
      await write({ line: lineNumber, error: `empty input on line ${lineNumber}` });
      empty += 1;
      return;
    }
    try {
      pending.push({ line: lineNumber, input: await adapter.parseInput(line, {}) });
    } catch (error) {
      if (!AttuneError.isInstance(error) && !(error as NodeJS.ErrnoException).code) throw error;
      const message = `${where}:${lineNumber}: ${(error as Error).message}`;
      await flush(); // the lines before answered first: output stays in input order
      if (!options.keepGoing) throw new InputError(message);
      await write({ line: lineNumber, error: message });
      failed += 1;
      return;
    }
    if (pending.length >= options.batchSize) await flush();
  };
  try {
    try {
      for await (const chunk of source) for (const line of decoder.push(toBytes(chunk))) await handle(line);
      for (const line of decoder.end()) await handle(line);
    } catch (error) {
      if (AttuneError.isInstance(error)) await flush(); // bytes that do not decode: answer the lines before them
      throw error;
    }
    await flush();
  } finally {
    await predictor.release();
  }
  // stdout carries only predictions; the summary goes to stderr
  process.stderr.write(`predicted ${count} inputs${failed ? `, ${failed} refused` : ''}${empty ? `, ${empty} empty line${empty === 1 ? '' : 's'}` : ''}\n`);
}

const isInputError = (error: unknown) => AttuneError.isInstance(error) && error.code === 'INVALID_INPUT';

/** Stream chunks as bytes (stdin yields strings when something set an encoding on it). */
function toBytes(chunk: unknown): Uint8Array {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Uint8Array);
}
