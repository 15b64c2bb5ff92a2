import * as tf from '@tensorflow/tfjs-core';
import { InputError, artifactTrainingState, createArtifact, deriveSeed, exportOnnx, type Artifact, type NamedArray, type Runtime } from '@attune/core';
import { defaultAugmentSettings, drawAugmentation } from './augment.js';
import { clipInput } from './features.js';
import { fitHead, type HeadFitOptions } from './head-fit.js';
import { KeywordTransformer } from './model.js';
import { featureSettings, modelConfig, type KeywordSpotterConfig, type KeywordSpotterState } from './plugin.js';
import { toFrontEndRate, type AudioClip } from './windowing.js';

export interface EnrolOptions extends HeadFitOptions {
  /** Augmented variants of each enrolment clip (speed, warp, shift, noise, masks). Default 8. */
  augmentCopies?: number;
  /** Seed of the augmentation. Default 0. */
  seed?: number;
}

interface EnrolSource {
  artifact: Artifact;
  state: KeywordSpotterState;
  config: KeywordSpotterConfig;
  run(inputs: Float32Array[]): Promise<{ embedding: Float32Array }>;
}

/** The artifact of `source` plus `label`: same encoder, a head refitted on embeddings (see KeywordSpotter.enrol). */
export async function enrolKeyword(source: EnrolSource, runtime: Runtime, label: string, clips: readonly AudioClip[], options: EnrolOptions = {}): Promise<Artifact> {
  const { state, config } = source;
  const { augmentCopies = 8, seed = 0, ...fitOptions } = options;
  if (typeof label !== 'string' || label.trim() === '') throw new InputError('enrol: the new keyword needs a non-empty label.');
  if (state.labels.includes(label)) throw new InputError(`enrol: "${label}" is already a keyword (${state.labels.join(', ')}); choose another label.`);
  if (!Array.isArray(clips) || clips.length < 3) {
    throw new InputError(`enrol: "${label}" needs at least 3 recordings (about 10 work well); got ${Array.isArray(clips) ? clips.length : 'no list'}.`);
  }
  const exemplars = (state as KeywordSpotterState & { exemplars?: Record<string, number[][]> }).exemplars;
  if (!exemplars || state.labels.some((l) => !exemplars[l]?.length)) {
    throw new InputError('enrol: this artifact keeps no exemplar embeddings of its keywords; train it with KeywordSpotter.train (which stores them) to enrol new words.');
  }

  // Embeddings of the new clips, plain and augmented.
  const settings = featureSettings(state);
  const augment = { ...defaultAugmentSettings, ...(config.augment || {}) };
  const inputs: Float32Array[] = [];
  clips.forEach((clip, i) => {
    const samples = toFrontEndRate(clip, state.frontEnd.sampleRate, state, `Enrolment clip ${i}`);
    inputs.push(clipInput(samples, settings));
    for (let k = 0; k < augmentCopies; k++) {
      inputs.push(clipInput(samples, settings, { draw: drawAugmentation(deriveSeed(seed, i, k), state.frontEnd.sampleRate, augment), settings: augment }));
    }
  });
  const embeddings: Float32Array[] = [];
  for (let i = 0; i < inputs.length; i += 64) embeddings.push((await source.run(inputs.slice(i, i + 64))).embedding);
  const fresh = concat(embeddings);
  const dim = fresh.length / inputs.length;

  // Start: the old head, plus the new keyword's mean embedding scaled like the old columns (weight imprinting).
  const weights = artifactTrainingState(source.artifact).weights;
  const headW = weights.find((w) => w.name === 'kws.head.weight')!;
  const headB = weights.find((w) => w.name === 'kws.head.bias')!;
  const old = state.labels.length;
  const classes = old + 1;
  const startW = new Float32Array(dim * classes);
  const mean = new Float64Array(dim);
  for (let i = 0; i < inputs.length; i++) for (let d = 0; d < dim; d++) mean[d] = mean[d]! + fresh[i * dim + d]! / inputs.length;
  let oldNorm = 0;
  for (let c = 0; c < old; c++) {
    let n = 0;
    for (let d = 0; d < dim; d++) n += headW.data[d * old + c]! ** 2;
    oldNorm += Math.sqrt(n) / old;
  }
  const meanNorm = Math.sqrt(mean.reduce((s, v) => s + v * v, 0)) || 1;
  for (let d = 0; d < dim; d++) {
    for (let c = 0; c < old; c++) startW[d * classes + c] = headW.data[d * old + c]!;
    startW[d * classes + old] = (mean[d]! / meanNorm) * oldNorm;
  }
  const startB = Float32Array.from({ length: classes }, (_, c) => (c < old ? headB.data[c]! : headB.data.reduce((s, v) => s + v, 0) / old));

  // Data: the stored exemplars of the old keywords and the new clips' embeddings.
  const rows: number[][] = [];
  const ys: number[] = [];
  state.labels.forEach((l, c) => exemplars[l]!.forEach((e) => (rows.push(e), ys.push(c))));
  for (let i = 0; i < inputs.length; i++) {
    rows.push(Array.from(fresh.subarray(i * dim, (i + 1) * dim)));
    ys.push(old);
  }
  const x = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => x.set(r, i * dim));
  const head = fitHead(x, Int32Array.from(ys), dim, classes, { weight: startW, bias: startB }, fitOptions);

  // The same network with a wider head, exported as a new artifact.
  await runtime.ready();
  const model = new KeywordTransformer(modelConfig(state, config, classes));
  try {
    const byName = new Map(weights.map((w) => [w.name, w]));
    const newWeights: NamedArray[] = model.namedParameters().map(([name, variable]) => {
      const data = name === 'kws.head.weight' ? head.weight : name === 'kws.head.bias' ? head.bias : byName.get(name)?.data;
      if (!data || data.length !== variable.size) throw new InputError(`enrol: the artifact's weight ${name} does not fit the model; was it made by another version?`);
      tf.tidy(() => variable.assign(tf.tensor(data, variable.shape, 'float32')));
      return { name, shape: [...variable.shape], data: Float32Array.from(data) };
    });
    const keep = 24;
    const stride = Math.max(1, Math.floor((augmentCopies + 1) * clips.length / keep));
    const newExemplars = rows.slice(rows.length - inputs.length).filter((_, i) => i % stride === 0).map((r) => r.map((v) => Math.round(v * 1e4) / 1e4));
    return await createArtifact({
      plugin: source.artifact.manifest.plugin,
      model: source.artifact.manifest.model,
      preprocessing: { ...state, labels: [...state.labels, label], exemplars: { ...exemplars, [label]: newExemplars } },
      metrics: { enrolHeadLoss: head.loss },
      onnx: exportOnnx(model),
      trainingState: {
        step: 0,
        weights: newWeights,
        firstMoments: newWeights.map((w) => ({ ...w, data: new Float32Array(w.data.length) })),
        secondMoments: newWeights.map((w) => ({ ...w, data: new Float32Array(w.data.length) })),
      },
    });
  } finally {
    model.dispose();
  }
}

function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((o, p) => (out.set(p, o), o + p.length), 0);
  return out;
}
