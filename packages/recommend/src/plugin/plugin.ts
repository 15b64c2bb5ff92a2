import { ConfigError, definePlugin, encoderParameters, InputError, type TensorData } from '@attune/core';
import { keyOf } from '../data/interactions.js';
import { SasRec } from '../model/sasrec.js';
import { catalogueOf, checkState, encodeHistory, indexOf } from './catalogue.js';
import { decodeRecommendations } from './decode.js';
import { encodeRequests } from './encode-inputs.js';
import { sequenceMetrics } from './metrics.js';
import type { EncodedSequence, Recommendation, RecommendInput, RecommenderConfig, RecommenderState, SequenceExample } from './types.js';

export const DEFAULT_RECOMMENDER_CONFIG: RecommenderConfig = {
  maxLength: 200,
  dModel: 50,
  numHeads: 1,
  numLayers: 2,
  ffnDim: 50,
  dropout: 0.2,
  loss: 'softmax',
  negatives: 'all',
  sampling: 'uniform',
  initStd: 0.03,
  block: 'pre-ln',
};

/**
 * Next-item recommendation on core's public plugin API. Examples are users' chronological item
 * sequences; the state is the catalogue and item popularity; the model is SASRec (model/sasrec.ts),
 * whose exported graph scores the catalogue and takes the top k inside ONNX Runtime.
 */
export const sequentialRecommenderPlugin = definePlugin<SequenceExample, RecommendInput, Recommendation, RecommenderState, RecommenderConfig, EncodedSequence>({
  id: 'sequential-recommender',
  version: '0.1.0',
  modelKind: 'sasrec',
  defaultConfig: DEFAULT_RECOMMENDER_CONFIG,
  prepare(examples, config) {
    checkConfig(config);
    const ids = examples.flatMap((e, i) => {
      if (!e || !Array.isArray(e.items)) throw new InputError(`Sequence ${i} has no items array; expected { items: [...] }.`);
      return [...e.items, ...(e.heldOut ?? [])];
    });
    if (ids.length === 0) throw new InputError('The training sequences hold no items.');
    const items = catalogueOf(ids);
    const state: RecommenderState = { items, popularity: new Array<number>(items.length).fill(0) };
    const index = indexOf(state);
    for (const e of examples) if (!e.countedElsewhere) for (const id of e.items) state.popularity[index.get(keyOf(id))! - 1]! += 1;
    return state;
  },
  encode(example, state) {
    const { ids, unknown } = encodeHistory(example.items, state);
    if (unknown > 0) throw new InputError(`A sequence holds ${unknown} item id(s) outside the training catalogue; evaluation targets must be known items.`);
    return { items: Int32Array.from(ids) };
  },
  buildModel(state, config, seed) {
    checkConfig(config);
    const popularity = Float32Array.from([0, ...state.popularity]);
    return new SasRec({ ...config, numItems: state.items.length, popularity }, { seed });
  },
  metrics: (outputs, examples) => sequenceMetrics(outputs, examples, 10),
  encodeInputs: (inputs, state, config): Record<string, TensorData> => encodeRequests(inputs, state, config).feeds,
  decode: (outputs, inputs, state, config) => decodeRecommendations(outputs, encodeRequests(inputs, state, config), state),
  validateState: (state) => checkState(state),
  settingRules: {
    maxLength: { min: 1, max: 4096, integer: true },
    dModel: { min: 1, max: 4096, integer: true },
    numHeads: { min: 1, max: 128, integer: true },
    numLayers: { min: 1, max: 64, integer: true },
    ffnDim: { min: 1, max: 32_768, integer: true },
    dropout: { min: 0, max: 0.95 },
    negatives: { min: 1, max: 1_000_000, integer: true, alsoAllowed: ['all'] },
    initStd: { min: 1e-6, max: 1 },
    loss: { oneOf: ['softmax', 'bce'] },
    sampling: { oneOf: ['uniform', 'popularity'] },
    block: { oneOf: ['pre-ln', 'sasrec', 'post-ln'] },
  },
  // the item table (catalogue plus padding), positions and the encoder
  parameterCount: (state, config) => (state.items.length + 1 + config.maxLength) * config.dModel + encoderParameters(config),
  graphSignature: (state, config) => {
    const width = state.items.length + 1; // the catalogue plus the padding index 0
    return {
      inputs: {
        ids: { type: 'int32', dims: [null, null] },
        allowed: { type: 'float32', dims: [null, width] },
        k: { type: 'int64', dims: [1] },
      },
      outputs: {
        scores: { type: 'float32', dims: [null, width] },
        top_scores: { type: 'float32', dims: [null, null] },
        top_items: { type: 'int64', dims: [null, null] },
      },
      tables: [
        { suffix: '.items.table', rows: width, what: 'catalogue plus padding (preprocessing.items)' },
        { suffix: '.positions.table', rows: config.maxLength, what: 'maximum history length (model.config.maxLength)' },
      ],
    };
  },
});

export function checkConfig(c: RecommenderConfig): void {
  const positive = (field: keyof RecommenderConfig) => {
    const v = c[field];
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) throw new ConfigError(field, v, 'a positive integer');
  };
  (['maxLength', 'dModel', 'numHeads', 'numLayers', 'ffnDim'] as const).forEach(positive);
  if (c.dModel % c.numHeads !== 0) throw new ConfigError('numHeads', c.numHeads, `a divisor of dModel (${c.dModel})`);
  if (!(c.dropout >= 0 && c.dropout < 1)) throw new ConfigError('dropout', c.dropout, 'a number in [0, 1)');
  if (c.loss !== 'softmax' && c.loss !== 'bce') throw new ConfigError('loss', c.loss, '"softmax" or "bce"');
  if (c.negatives !== 'all' && !(Number.isInteger(c.negatives) && c.negatives > 0)) throw new ConfigError('negatives', c.negatives, 'a positive integer or "all"');
  if (c.sampling !== 'uniform' && c.sampling !== 'popularity') throw new ConfigError('sampling', c.sampling, '"uniform" or "popularity"');
  if (!(c.initStd > 0)) throw new ConfigError('initStd', c.initStd, 'a number > 0');
  if (!['pre-ln', 'sasrec', 'post-ln'].includes(c.block)) throw new ConfigError('block', c.block, '"pre-ln", "sasrec" or "post-ln"');
}
