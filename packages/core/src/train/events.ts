/** Summary of one finished epoch. */
export interface EpochSummary {
  epoch: number;
  trainLoss: number;
  valLoss?: number;
  /** Validation metrics, e.g. { accuracy: 0.93, macroF1: 0.91 }. */
  metrics: Record<string, number>;
  learningRate: number;
  seconds: number;
}

/** Progress of `fit()`, one event at a time (a CLI draws bars from them; `--json` prints them). */
export type ProgressEvent =
  | {
      type: 'start';
      engine: string;
      epochs: number;
      stepsPerEpoch: number;
      totalSteps: number;
      trainExamples: number;
      validationExamples: number;
      resumedFrom?: { epoch: number; batchInEpoch: number; globalStep: number };
    }
  | {
      type: 'batch';
      epoch: number;
      /** 0-based index of the batch within its epoch. */
      batch: number;
      globalStep: number;
      totalSteps: number;
      loss: number;
      gradNorm: number;
      learningRate: number;
      examplesPerSecond: number;
      /** Present when `countTokens` is given. */
      tokensPerSecond?: number;
      /** Seconds left at the current pace (validation excluded). */
      etaSeconds: number;
    }
  | ({ type: 'epoch'; improved: boolean; bestScore?: number } & EpochSummary)
  | { type: 'checkpoint'; epoch: number; batchInEpoch: number; globalStep: number }
  | { type: 'early-stop'; epoch: number; bestEpoch: number; bestScore: number }
  | { type: 'end'; epochsRun: number; bestEpoch?: number; restoredBest: boolean; seconds: number };
