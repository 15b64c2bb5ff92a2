import * as tf from '@tensorflow/tfjs-core';
import {
  emitPool,
  emitSoftmaxCrossEntropy,
  InputError,
  Linear,
  Module,
  pool,
  PositionalEmbedding,
  softmaxCrossEntropy,
  TransformerEncoder,
  type Batch,
  type EmitContext,
  type ForwardContext,
  type ModuleOptions,
  type OnnxExportable,
  type OnnxTrainable,
  type TfjsTrainable,
} from '@attune/core';

export interface SeriesModelConfig {
  /** Values per series (fixed). */
  length: number;
  /** Values per frame, the model's tokens; must divide length. */
  frameSize: number;
  numClasses: number;
  dModel: number;
  numHeads: number;
  numLayers: number;
}

/** One normalised series and its class index. */
export interface SeriesExample {
  values: Float32Array;
  label: number;
}

/**
 * series [B, L] → frames [B, L/F, F] → Linear → learned positions → TransformerEncoder → mean → Linear.
 * The forward pass exists twice, in tfjs ops (training on tfjs) and as ONNX nodes (export, and
 * training on ONNX Runtime); a test checks that they agree.
 */
export class SeriesTransformer extends Module implements TfjsTrainable, OnnxExportable, OnnxTrainable {
  readonly frameEmbedding: Linear;
  readonly positional: PositionalEmbedding;
  readonly encoder: TransformerEncoder;
  readonly head: Linear;

  constructor(readonly config: SeriesModelConfig, options: ModuleOptions = {}) {
    super(options, 'series');
    const { length, frameSize, dModel } = config;
    if (!Number.isInteger(length / frameSize)) throw new InputError(`frameSize ${frameSize} must divide the series length ${length}.`);
    this.frameEmbedding = this.addModule(new Linear({ inFeatures: frameSize, outFeatures: dModel }, this.childOptions('frame_embedding')));
    this.positional = this.addModule(new PositionalEmbedding({ maxLength: length / frameSize, dim: dModel }, this.childOptions('positional')));
    this.encoder = this.addModule(
      new TransformerEncoder({ dModel, numHeads: config.numHeads, numLayers: config.numLayers, dropout: 0 }, this.childOptions('encoder')),
    );
    this.head = this.addModule(new Linear({ inFeatures: dModel, outFeatures: config.numClasses }, this.childOptions('head')));
  }

  /** series: [B, L] -> logits [B, C] */
  forward(series: tf.Tensor, ctx: ForwardContext = {}): tf.Tensor {
    return tf.tidy(() => {
      const { length, frameSize } = this.config;
      const frames = tf.reshape(series, [-1, length / frameSize, frameSize]); // [B, T, F]
      const h = this.encoder.forward(this.positional.forward(this.frameEmbedding.forward(frames)), {}, ctx); // [B, T, D]
      return this.head.forward(pool('mean', h)); // [B, C]
    });
  }

  private emitLogits(ctx: EmitContext, series: string): string {
    const { length, frameSize } = this.config;
    const frames = ctx.g.op('Reshape', [series, ctx.g.constant('int64', [-1, length / frameSize, frameSize])]);
    const h = this.encoder.emitOnnx(ctx, this.positional.emitOnnx(ctx, this.frameEmbedding.emitOnnx(ctx, frames)));
    return this.head.emitOnnx(ctx, emitPool(ctx.g, 'mean', h));
  }

  /** Inference graph: `series` float32 [batch, L] → `logits` float32 [batch, C]. */
  emitOnnxGraph(ctx: EmitContext): void {
    const series = ctx.g.input('series', 'float32', ['batch', this.config.length]);
    ctx.g.output(ctx.g.op('Identity', [this.emitLogits(ctx, series)], {}, 'logits'), 'float32', ['batch', this.config.numClasses]);
  }

  /** Training graph: `series` and `labels` int32 [batch] → mean cross-entropy. */
  emitOnnxLoss(ctx: EmitContext): { loss: string; output: string } {
    const series = ctx.g.input('series', 'float32', ['batch', this.config.length]);
    const labels = ctx.g.input('labels', 'int32', ['batch']);
    const logits = this.emitLogits(ctx, series);
    return { loss: emitSoftmaxCrossEntropy(ctx.g, logits, labels, this.config.numClasses), output: logits };
  }

  loss(inputs: Record<string, tf.Tensor>, ctx: ForwardContext): tf.Scalar {
    return tf.tidy(() => softmaxCrossEntropy(this.forward(inputs['series']!, ctx), inputs['labels']!));
  }

  predict(inputs: Record<string, tf.Tensor>): tf.Tensor {
    return this.forward(inputs['series']!);
  }

  collate = (examples: SeriesExample[]): Batch => {
    const { length } = this.config;
    const series = new Float32Array(examples.length * length);
    examples.forEach((e, i) => series.set(e.values, i * length));
    return { series: { data: series, shape: [examples.length, length] }, labels: { data: Int32Array.from(examples, (e) => e.label), shape: [examples.length] } };
  };
}
