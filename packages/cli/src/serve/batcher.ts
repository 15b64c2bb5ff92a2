import { AttuneError } from '@attune/core';

export interface BatcherOptions {
  /** Most inputs in one runtime call. */
  maxBatch: number;
  /** Longest a request waits for others to join its batch (ms). 0 still gathers what arrives in the same tick. */
  maxDelayMs: number;
  /** Told after every runtime call (for metrics). */
  onBatch?: (inputs: number, requests: number, seconds: number) => void;
}

interface Waiting<I, P> {
  inputs: I[];
  resolve: (predictions: P[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Micro-batching: concurrent requests are queued for up to `maxDelayMs` or until `maxBatch` inputs
 * are waiting, then answered by one `run` call. A request is never split across calls, so a
 * failure caused by one request's input (an InputError) is retried request by request and
 * fails only that request.
 */
export class MicroBatcher<I, P> {
  private queue: Array<Waiting<I, P>> = [];
  private queued = 0;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private active = 0;
  private hurried = false;

  constructor(
    private readonly run: (inputs: I[]) => Promise<P[]>,
    private readonly options: BatcherOptions,
  ) {}

  /** Predictions for `inputs`, in order, computed together with whatever else is waiting. */
  submit(inputs: I[]): Promise<P[]> {
    return new Promise<P[]>((resolve, reject) => {
      if (this.queued > 0 && this.queued + inputs.length > this.options.maxBatch) this.flush();
      this.queue.push({ inputs, resolve, reject });
      this.queued += inputs.length;
      if (this.queued >= this.options.maxBatch || this.hurried) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.maxDelayMs);
    });
  }

  /** Requests queued or being computed. */
  get pending(): number {
    return this.queue.length + this.active;
  }

  /**
   * From now on, computes what is waiting at once instead of waiting for a batch to fill: a server
   * that is shutting down answers its queued requests now, not after a long --max-delay (which
   * would outlast the drain deadline and reset them).
   */
  hurry(): void {
    this.hurried = true;
    if (this.queue.length) this.flush();
  }

  /** Resolves when everything submitted so far has been answered. */
  async drain(): Promise<void> {
    if (this.queue.length) this.flush();
    while (this.pending > 0) await this.running;
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    this.queued = 0;
    this.active += batch.length;
    // one call at a time: ONNX Runtime already uses every core for one call
    this.running = this.running.then(() => this.compute(batch)).finally(() => {
      this.active -= batch.length;
    });
  }

  private async compute(batch: Array<Waiting<I, P>>): Promise<void> {
    const inputs = batch.flatMap((w) => w.inputs);
    const started = performance.now();
    try {
      const predictions = await this.run(inputs);
      this.options.onBatch?.(inputs.length, batch.length, (performance.now() - started) / 1000);
      let at = 0;
      for (const w of batch) {
        w.resolve(predictions.slice(at, at + w.inputs.length));
        at += w.inputs.length;
      }
    } catch (error) {
      if (batch.length > 1 && AttuneError.isInstance(error)) {
        // one request's bad input must not fail its neighbours: answer each on its own
        for (const w of batch) await this.compute([w]);
      } else for (const w of batch) w.reject(error);
    }
  }
}
