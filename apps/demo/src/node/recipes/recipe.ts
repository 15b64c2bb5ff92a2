import type { Artifact, Runtime } from '@attune/core';
import type { DemoDataset, DemoTask } from '../../shared/model-index.js';
import type { TrainingProgress } from '../progress.js';

/** What a recipe produced: the exported artifact and what the UI shows about it. */
export interface RecipeResult {
  artifact: Artifact;
  metrics: Record<string, number>;
  dataset: DemoDataset;
  samples?: string[];
  /** Extra files served next to the model (name → contents), e.g. a catalogue. */
  extraFiles?: Record<string, string | Uint8Array>;
}

/** One demo model: where its data comes from, how it is trained, and what its cache key covers. */
export interface Recipe {
  id: string;
  task: DemoTask;
  title: string;
  /** The Attune packages whose code shapes the model (their built code is part of the cache key). */
  packages: string[];
  /** False when its data is missing (the shared datasets are optional). */
  available(): boolean;
  /** Everything that changes the trained model (data fingerprint, config, seed), hashed for the cache. */
  cacheKey(): unknown;
  train(runtime: Runtime, progress: TrainingProgress): Promise<RecipeResult>;
}
