import { AttuneError } from './attune-error.js';

/** The loss turned NaN or infinite; training stopped before the weights were corrupted further. */
export class NonFiniteLossError extends AttuneError {
  readonly epoch: number;
  readonly step: number;
  readonly loss: number;

  constructor(epoch: number, step: number, loss: number) {
    super(
      'NON_FINITE_LOSS',
      `Loss became ${loss} at epoch ${epoch}, step ${step}. Training stopped; the weights are those of the ` +
        'last finite step. Lower the learning rate, enable gradient clipping (clipNorm) or check the inputs for NaN.',
    );
    this.name = 'NonFiniteLossError';
    this.epoch = epoch;
    this.step = step;
    this.loss = loss;
  }
}

/** Training was cancelled through its AbortSignal. */
export class AbortedError extends AttuneError {
  constructor(epoch: number, step: number) {
    super('ABORTED', `Training aborted at epoch ${epoch}, step ${step}.`);
    this.name = 'AbortedError';
  }
}

/** A checkpoint does not fit the model or the run it is resumed into. */
export class CheckpointMismatchError extends AttuneError {
  constructor(message: string) {
    super('CHECKPOINT_MISMATCH', message);
    this.name = 'CheckpointMismatchError';
  }
}
