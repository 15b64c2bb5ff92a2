export { textClassifierPlugin, DEFAULT_TEXT_CONFIG } from './plugin.js';
export { TextClassifier, type TrainTextClassifierOptions } from './text-classifier.js';
export { learnAbstainThreshold } from './abstain.js';
export type {
  TextExample, SingleLabelExample, MultiLabelExample, TextPrediction, TextClassifierConfig, TextClassifierState, AbstainState,
} from './types.js';
export { TextClassifierModel, type TextModelConfig } from './model.js';
export { ngramHashes, buildNgramVocabulary, type NgramOptions } from './ngrams.js';
