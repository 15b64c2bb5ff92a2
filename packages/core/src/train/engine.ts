import type { Batch, EvalResult, NamedArray, StepParams, StepResult, TrainingState } from './types.js';

/**
 * What `fit()` needs from a compute engine, and nothing more: take a step, evaluate, and move state in
 * and out as plain arrays. The tfjs engine implements it today; an engine running the whole step on
 * ONNX Runtime can be added without touching `fit()` or its callers.
 */
export interface TrainingEngine {
  /** Shown in progress events, e.g. `tfjs-wasm`. */
  readonly name: string;
  /** Forward, backward and one AdamW update. Leaves the weights untouched when the loss is not finite. */
  step(batch: Batch, params: StepParams): Promise<StepResult>;
  /** Eval-mode loss and output (no dropout, no update). */
  evaluate(batch: Batch): Promise<EvalResult>;
  readWeights(): Promise<NamedArray[]>;
  writeWeights(weights: NamedArray[]): void;
  readState(): Promise<TrainingState>;
  writeState(state: TrainingState): void;
  /** Names and shapes of the weights, used to check that a checkpoint fits. */
  describeWeights(): Array<{ name: string; shape: number[] }>;
  dispose(): void;
}
