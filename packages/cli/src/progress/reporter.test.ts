import { describe, expect, it } from 'vitest';
import { createReporter } from './reporter.js';

const sink = (isTTY: boolean) => {
  const s = { text: '', isTTY, columns: 200, write: (c: string) => ((s.text += c), true), cursorTo: () => true, clearLine: () => true, moveCursor: () => true };
  return s;
};
const start = { type: 'start' as const, engine: 'onnxruntime-node-cpu', epochs: 2, stepsPerEpoch: 5, totalSteps: 10, trainExamples: 80, validationExamples: 10 };
const batch = (globalStep: number) => ({ type: 'batch' as const, epoch: 0, batch: globalStep - 1, globalStep, totalSteps: 10, loss: 0.5, gradNorm: 1, learningRate: 1e-3, examplesPerSecond: 123, etaSeconds: 7 });
const epoch = { type: 'epoch' as const, epoch: 0, trainLoss: 0.6, valLoss: 0.55, metrics: { accuracy: 0.9 }, learningRate: 1e-3, seconds: 1, improved: true };

describe('createReporter', () => {
  it('on a terminal draws a bar with steps done, loss, metrics, throughput and ETA', () => {
    const err = sink(true);
    const out = sink(false);
    const r = createReporter({ json: false, stdout: out as never, stderr: err as never });
    r.training(start);
    r.training(batch(3));
    r.training(epoch);
    r.training(batch(5));
    r.result({}, 'done');
    // the bar redraws at most 10 times a second; stopping draws the last state
    expect(err.text).toContain('5/10 steps | loss 0.5000 | accuracy 0.9000 | 123 ex/s | ETA 7s');
    expect(out.text).toBe('done\n');
  });

  it('in a pipe writes one line per epoch to stderr; with --json every event is a JSON line on stdout', () => {
    const err = sink(false);
    const r = createReporter({ json: false, stdout: sink(false) as never, stderr: err as never });
    r.training(start);
    r.training(batch(1));
    r.training(epoch);
    expect(err.text).toBe('training on onnxruntime-node-cpu: 80 examples, 2 epochs of 5 steps\nepoch 1: train loss 0.6000, val loss 0.5500, accuracy 0.9000 (best) [1.0 s]\n');
    const out = sink(false);
    const j = createReporter({ json: true, stdout: out as never });
    j.training(batch(2));
    j.result({ artifact: 'x' }, 'ignored');
    expect(out.text.trim().split('\n').map((l) => JSON.parse(l))).toEqual([{ ...batch(2), source: 'train' }, { type: 'result', artifact: 'x' }]);
  });
});
