import type { NamedArray, TrainingState } from './types.js';
import type { EpochSummary } from './events.js';

/** Where training can stop and continue. Everything in it is plain data (typed arrays and numbers). */
export interface Checkpoint {
  formatVersion: 1;
  /** Identifies the run (weights, seed, batch size, data size): resuming a different run is refused. */
  fingerprint: string;
  /** Epoch in progress (0-based) and how many of its batches are done. */
  epoch: number;
  batchInEpoch: number;
  /** Steps attempted since the start of the run (the schedule and dropout seeds use it). */
  globalStep: number;
  state: TrainingState;
  /** Best validation score so far and the weights that scored it (for restore-best). */
  best?: { score: number; epoch: number; weights: NamedArray[] };
  /** Training loss summed over the batches done in the epoch in progress (for its summary). */
  epochLoss: { sum: number; count: number };
  /** Epochs in a row without improvement (early stopping). */
  epochsWithoutImprovement: number;
  history: EpochSummary[];
}

/** Pluggable persistence: memory here, files in `@attune/node`, IndexedDB in the browser. */
export interface CheckpointStore {
  save(checkpoint: Checkpoint): Promise<void>;
  load(): Promise<Checkpoint | undefined>;
  clear(): Promise<void>;
}

/** Keeps the latest checkpoint in memory (tests, short runs, or as a cache in front of another store). */
export class MemoryCheckpointStore implements CheckpointStore {
  private latest?: Checkpoint;
  /** How many times `save` was called. */
  saves = 0;

  async save(checkpoint: Checkpoint): Promise<void> {
    this.latest = structuredClone(checkpoint);
    this.saves += 1;
  }

  async load(): Promise<Checkpoint | undefined> {
    return this.latest ? structuredClone(this.latest) : undefined;
  }

  async clear(): Promise<void> {
    this.latest = undefined;
  }
}
