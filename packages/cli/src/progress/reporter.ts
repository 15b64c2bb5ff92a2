import cliProgress from 'cli-progress';
import type { ProgressEvent } from '@attune/core';

/**
 * Where a command's progress goes: bars on a terminal, one line per epoch when stderr is a file or
 * pipe, or JSON lines (`--json`) for scripts. Results go to stdout in every mode; human-readable
 * progress goes to stderr so `attune predict > out.jsonl` stays clean.
 */
export interface Reporter {
  /** A training event from fit(). */
  training(event: ProgressEvent): void;
  /** Start, advance and finish a simple counted task (predict, eval, bench). */
  task(name: string, total: number): { tick(n?: number, fields?: Record<string, string | number>): void; done(): void };
  /** A note for people (`--json`: an event of type "info"). */
  info(message: string, data?: Record<string, unknown>): void;
  /** The command's final result: JSON with `--json`, else the human text. */
  result(data: Record<string, unknown>, human: string): void;
  close(): void;
}

export interface ReporterOptions {
  json: boolean;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream & { isTTY?: boolean };
}

export function createReporter(options: ReporterOptions): Reporter {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  if (options.json) return jsonReporter(stdout);
  return stderr.isTTY ? barReporter(stdout, stderr) : lineReporter(stdout, stderr);
}

function jsonReporter(stdout: NodeJS.WritableStream): Reporter {
  const write = (value: Record<string, unknown>) => stdout.write(`${JSON.stringify(value)}\n`);
  return {
    training: (event) => write({ ...event, type: event.type, source: 'train' }),
    task(name, total) {
      let done = 0;
      write({ type: 'task-start', task: name, total });
      return {
        tick: (n = 1, fields = {}) => {
          done += n;
          write({ type: 'task-progress', task: name, done, total, ...fields });
        },
        done: () => write({ type: 'task-end', task: name, done }),
      };
    },
    info: (message, data = {}) => write({ type: 'info', message, ...data }),
    result: (data) => write({ type: 'result', ...data }),
    close() {},
  };
}

const fmt = (n: number | undefined, digits = 4) => (n === undefined || !Number.isFinite(n) ? '-' : n.toFixed(digits));

function metricText(metrics: Record<string, number>): string {
  return Object.entries(metrics)
    .map(([k, v]) => `${k} ${fmt(v)}`)
    .join(' ');
}

function epochLine(e: Extract<ProgressEvent, { type: 'epoch' }>): string {
  return `epoch ${e.epoch + 1}: train loss ${fmt(e.trainLoss)}${e.valLoss !== undefined ? `, val loss ${fmt(e.valLoss)}` : ''}${
    Object.keys(e.metrics).length ? `, ${metricText(e.metrics)}` : ''
  }${e.improved ? ' (best)' : ''} [${e.seconds.toFixed(1)} s]`;
}

function lineReporter(stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream): Reporter {
  const say = (line: string) => stderr.write(`${line}\n`);
  return {
    training(event) {
      if (event.type === 'start') {
        say(`training on ${event.engine}: ${event.trainExamples} examples, ${event.epochs} epochs of ${event.stepsPerEpoch} steps` +
          (event.resumedFrom ? `; resumed at epoch ${event.resumedFrom.epoch + 1}, step ${event.resumedFrom.globalStep}` : ''));
      } else if (event.type === 'epoch') say(epochLine(event));
      else if (event.type === 'early-stop') say(`early stop at epoch ${event.epoch + 1}; best epoch ${event.bestEpoch + 1} (${fmt(event.bestScore)})`);
    },
    task(name, total) {
      return { tick() {}, done: () => say(`${name}: ${total} done`) };
    },
    info: (message) => say(message),
    result: (_data, human) => stdout.write(`${human}\n`),
    close() {},
  };
}

function barReporter(stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream): Reporter {
  let bar: cliProgress.SingleBar | undefined;
  let metrics = '';
  const stop = () => {
    bar?.stop();
    bar = undefined;
  };
  const newBar = (format: string) =>
    new cliProgress.SingleBar({ format, stream: stderr as NodeJS.WriteStream, hideCursor: true, clearOnComplete: false, etaBuffer: 50 }, cliProgress.Presets.shades_classic);
  return {
    training(event) {
      if (event.type === 'start') {
        stop();
        stderr.write(`training on ${event.engine}: ${event.trainExamples} examples, ${event.epochs} epochs\n`);
        bar = newBar('epoch {epoch} |{bar}| {value}/{total} steps | loss {loss} | {metrics} | {rate} ex/s | ETA {etaText}');
        bar.start(event.totalSteps, event.resumedFrom?.globalStep ?? 0, { epoch: 1, loss: '-', metrics, rate: '-', etaText: '-' });
      } else if (event.type === 'batch') {
        bar?.update(event.globalStep, { // steps done so far
          epoch: event.epoch + 1,
          loss: fmt(event.loss),
          metrics,
          rate: event.examplesPerSecond.toFixed(0),
          etaText: `${Math.round(event.etaSeconds)}s`,
        });
      } else if (event.type === 'epoch') {
        metrics = metricText(event.metrics) || `val loss ${fmt(event.valLoss)}`;
        bar?.update({ metrics });
      } else if (event.type === 'end') stop();
    },
    task(name, total) {
      stop();
      bar = newBar(`${name} |{bar}| {value}/{total} | {rate}/s | ETA {eta}s`);
      const started = Date.now();
      bar.start(total, 0, { rate: '-' });
      return {
        tick: (n = 1) => {
          const value = ((bar as unknown as { value: number } | undefined)?.value ?? 0) + n;
          bar?.update(value, { rate: (value / Math.max(1e-3, (Date.now() - started) / 1000)).toFixed(1) });
        },
        done: stop,
      };
    },
    info: (message) => {
      if (bar) bar.stop();
      stderr.write(`${message}\n`);
    },
    result: (_data, human) => {
      stop();
      stdout.write(`${human}\n`);
    },
    close: stop,
  };
}
