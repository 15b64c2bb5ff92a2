// Terminal progress for model preparation: one cli-progress bar per training run on a TTY, plain
// lines otherwise (CI logs, test output), so progress is readable in both.
import cliProgress from 'cli-progress';
import type { ProgressEvent } from '@attune/core';

export interface TrainingProgress {
  onProgress(event: ProgressEvent): void;
  /** A line of text (data loading, evaluation) that does not break the bars. */
  log(message: string): void;
  stop(): void;
}

export interface ProgressReporter {
  start(label: string): TrainingProgress;
  stop(): void;
}

export function createProgressReporter(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  const tty = Boolean(stream.isTTY);
  const multi = tty
    ? new cliProgress.MultiBar(
        {
          stream,
          format: '{label} |{bar}| {percentage}% | epoch {epoch} | loss {loss} | eta {eta_formatted}',
          hideCursor: true,
          clearOnComplete: false,
          etaBuffer: 50,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  return {
    start(label) {
      let bar: cliProgress.SingleBar | undefined;
      let epochs = 0;
      const padded = label.padEnd(22);
      return {
        onProgress(e) {
          if (e.type === 'start') {
            epochs = e.epochs;
            bar = multi?.create(e.totalSteps, 0, { label: padded, epoch: `1/${e.epochs}`, loss: '-' });
            if (!multi) stream.write(`${label}: training on ${e.engine}, ${e.trainExamples} examples, ${e.epochs} epochs\n`);
          } else if (e.type === 'batch') {
            // globalStep already counts this batch
            bar?.update(e.globalStep, { epoch: `${e.epoch + 1}/${epochs}`, loss: e.loss.toFixed(3) });
          } else if (e.type === 'epoch') {
            const metrics = Object.entries(e.metrics).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ');
            if (!multi) stream.write(`${label}: epoch ${e.epoch + 1} loss ${e.trainLoss.toFixed(3)}${metrics ? `, ${metrics}` : ''} (${e.seconds.toFixed(1)} s)\n`);
          }
        },
        log(message) {
          if (multi) multi.log(`${message}\n`);
          else stream.write(`${message}\n`);
        },
        stop() {
          bar?.stop();
        },
      };
    },
    stop() {
      multi?.stop();
    },
  };
}
