// Errors
export * from './errors/index.js';

// Building blocks
export { Module, type ModuleOptions, type ForwardContext } from './nn/module.js';
export { type Initializer, zeros, ones, xavierUniform, normal } from './nn/init.js';
export { Linear, matMul2d, type LinearConfig } from './nn/linear.js';
export { LayerNorm, layerNorm, type LayerNormConfig } from './nn/layer-norm.js';
export { gelu, type GeluForm } from './nn/activations.js';
export { Dropout } from './nn/dropout.js';
export { TokenEmbedding, embeddingLookup, type TokenEmbeddingConfig } from './nn/token-embedding.js';
export {
  PositionalEmbedding,
  sinusoidalTable,
  type PositionalEmbeddingConfig,
  type PositionalKind,
} from './nn/positional-embedding.js';
export { buildKeepMask, causalMask, type MaskOptions } from './nn/masks.js';
export {
  scaledDotProductAttention,
  fromAdditiveMask,
  type AttentionMask,
} from './nn/scaled-dot-product-attention.js';
export { MultiHeadAttention, type MultiHeadAttentionConfig } from './nn/multi-head-attention.js';
export { FeedForward, type FeedForwardConfig } from './nn/feed-forward.js';
export { TransformerEncoderLayer, type TransformerEncoderLayerConfig } from './nn/transformer-encoder-layer.js';
export { TransformerEncoder, type TransformerEncoderConfig } from './nn/transformer-encoder.js';
export { clsPool, maskedMeanPool, pool, type PoolingKind } from './nn/pooling.js';

// Models
export {
  SequenceClassifier,
  classificationMetrics,
  type SequenceClassifierConfig,
  type SequenceExample,
} from './models/sequence-classifier.js';

// Training
export {
  fit,
  EVAL_COLLATE_CONTEXT,
  type CollateContext,
  type FitOptions,
  type FitResult,
  type EarlyStoppingOptions,
  type CheckpointOptions,
} from './train/fit.js';
export type { TrainingEngine } from './train/engine.js';
export { TfjsEngine, toTensors, type TfjsTrainable } from './train/tfjs-engine.js';
export { MemoryCheckpointStore, type Checkpoint, type CheckpointStore } from './train/checkpoint.js';
export type { ProgressEvent, EpochSummary } from './train/events.js';
export type { Batch, BatchTensor, NamedArray, TrainingState, StepParams, StepResult, EvalResult } from './train/types.js';
export { ADAMW_DEFAULTS, adamwUpdate, globalNorm, clipScale } from './train/adamw.js';
export { warmupCosine } from './train/schedule.js';
export { epochBatches } from './train/batching.js';
export { softmaxCrossEntropy, sigmoidCrossEntropy } from './train/losses.js';

// Metrics
export { accuracy, confusionMatrix, perClassF1, macroF1, argmaxRows } from './metrics/classification.js';
export { hitRateAtK, ndcgAtK, meanReciprocalRank, rankOf } from './metrics/ranking.js';

// Utilities
export { Rng, deriveSeed, hashString } from './util/random.js';

// Inference contracts and ONNX export
export {
  type Backend,
  type Session,
  type SessionOptions,
  type TensorData,
  type TensorType,
  type DeviceInfo,
  type DeviceKind,
  BackendUnavailableError,
  resolveDevice,
  checkFeeds,
} from './backend.js';
export { checkSessionOptions, checkDevices, checkThreads, DEVICE_KINDS, MAX_THREADS } from './session-options.js';
export { exportOnnx, MAX_OPSET, type ExportOptions, type OnnxExportable } from './onnx/export.js';
export type { EmitContext, ExportPrecision, OnnxMask } from './onnx/emit.js';
export { OnnxGraphBuilder, DType, toFloat16, type Dim, type DTypeName } from './onnx/graph-builder.js';
export { emitMultiHeadAttention, emitMask, emitTokenMask } from './onnx/attention.js';
export { emitGelu } from './nn/activations.js';
export { emitPool } from './nn/pooling.js';
export { inspectOnnx, readOnnxSignature, type OnnxSignature, type OnnxSummary, type OnnxValueInfo } from './onnx/inspect.js';

// Model artifact (manifest, model.onnx, training state; directory or packed)
export * from './artifact/index.js';
export { adaptOrtSession, createRunQueue, enqueueRun, type OrtLikeSession, type OrtLikeTensor, type AdaptOptions, type RunQueue } from './ort-session.js';
export * from './onnx-train/index.js';
export * from './plugin/index.js';
export { emitSoftmaxCrossEntropy } from './onnx/losses.js';
export { decodeText, resolveEncoding, TextLineDecoder, type DecodeTextOptions } from './data/decode-text.js';
export { parseDelimited, recordSpanNote, type DelimitedRecord, type ParseDelimitedOptions } from './data/delimited.js';
