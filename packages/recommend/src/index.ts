// @attune/recommend: next-item recommendation for Attune — a SASRec-style model trained on an
// interaction log, served for unseen users from their recent history through ONNX Runtime.
export { Recommender, type TrainRecommenderOptions } from './recommender.js';
export { sequentialRecommenderPlugin, DEFAULT_RECOMMENDER_CONFIG } from './plugin/plugin.js';
export type {
  RecommenderConfig, RecommenderState, SequenceExample, EncodedSequence, RecommendOptions, RecommendInput, Recommendation,
} from './plugin/types.js';
export { buildSequences, compareIds, type Interaction, type ItemId, type UserId, type UserSequence, type SequenceOptions } from './data/interactions.js';
export { parseInteractionsCsv, type InteractionCsvOptions, type InteractionColumns } from './data/csv.js';
export { leaveOneOut, type HeldOutCase, type LeaveOneOutSplit } from './data/split.js';
export { historyWindows } from './data/windows.js';
export type { EvaluateOptions, RecommenderEvaluation } from './evaluation/evaluate.js';
export type { ProtocolMetrics, RankingMetrics } from './evaluation/ranking.js';
export { SasRec, type SasRecConfig } from './model/sasrec.js';
