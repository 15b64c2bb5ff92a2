import * as tf from '@tensorflow/tfjs-core';
import { CheckpointMismatchError } from '../errors/training-errors.js';
import type { TrainingEngine } from '../train/engine.js';
import type { TrainingState } from '../train/types.js';
import type { Artifact } from './artifact.js';
import { ArtifactError } from './artifact-error.js';
import { TRAINING_STATE_BIN, TRAINING_STATE_JSON } from './manifest.js';
import { decodeTrainingState } from './training-state-codec.js';

/** Whether the artifact carries the state needed to continue training (not just the ONNX model). */
export function hasTrainingState(artifact: Artifact): boolean {
  return artifact.files.has(TRAINING_STATE_JSON) && artifact.files.has(TRAINING_STATE_BIN);
}

/**
 * The artifact's training state as Float32Arrays (weights, AdamW moments and step count), ready
 * for `engine.writeState`. Throws when the artifact was saved without one (inference only).
 */
export function artifactTrainingState(artifact: Artifact): TrainingState {
  const json = artifact.files.get(TRAINING_STATE_JSON);
  const bin = artifact.files.get(TRAINING_STATE_BIN);
  if (!json || !bin) {
    throw new ArtifactError(
      'missing-file',
      `This artifact holds no training state (${TRAINING_STATE_JSON}, ${TRAINING_STATE_BIN}); it can run but not continue training. ` +
        'Pass trainingState: await engine.readState() to createArtifact to make one that can.',
      { path: TRAINING_STATE_JSON },
    );
  }
  return decodeTrainingState(json, bin);
}

/**
 * Puts weights, optimiser moments and step count back into an engine, so training continues
 * exactly where it stopped (the next step equals the one the original engine would have taken).
 */
export function restoreTrainingState(engine: Pick<TrainingEngine, 'writeState'>, artifact: Artifact): void {
  engine.writeState(artifactTrainingState(artifact));
}

/**
 * Loads the artifact's weights into a freshly built model (e.g. `new SequenceClassifier(manifest.model.config)`)
 * for tfjs inference or as a starting point. Names and shapes must match the model's, in order;
 * a mismatch means the model was built from a different config and is reported as such.
 */
export function loadArtifactWeights(model: { namedParameters(): Array<[string, tf.Variable]> }, artifact: Artifact): void {
  const { weights } = artifactTrainingState(artifact);
  const params = model.namedParameters();
  if (params.length !== weights.length) {
    throw new CheckpointMismatchError(`The artifact has ${weights.length} weights but the model has ${params.length}; was it built from manifest.model.config?`);
  }
  params.forEach(([name, variable], i) => {
    const w = weights[i]!;
    if (w.name !== name || w.shape.join(',') !== variable.shape.join(',')) {
      throw new CheckpointMismatchError(
        `Weight ${i} is ${w.name} [${w.shape.join(', ')}] in the artifact but ${name} [${variable.shape.join(', ')}] in the model.`,
      );
    }
  });
  // checked all first, assigned after: a mismatch leaves the model untouched
  params.forEach(([, variable], i) => tf.tidy(() => variable.assign(tf.tensor(weights[i]!.data, weights[i]!.shape, 'float32'))));
}
