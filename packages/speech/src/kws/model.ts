import * as tf from '@tensorflow/tfjs-core';
import {
  emitGelu,
  emitSoftmaxCrossEntropy,
  gelu,
  InputError,
  Linear,
  Module,
  PositionalEmbedding,
  TransformerEncoder,
  softmaxCrossEntropy,
  type Batch,
  type EmitContext,
  type ForwardContext,
  type ModuleOptions,
  type OnnxExportable,
  type OnnxTrainable,
  type PositionalKind,
  type TfjsTrainable,
} from '@attune/core';

export interface KeywordTransformerConfig {
  /** Frames per window (98 for 1 s at a 10 ms hop with 25 ms windows). Every batch has exactly this many. */
  numFrames: number;
  /** Features per frame (40 log-mel bands). */
  numFeatures: number;
  /** Number of keywords (classes). */
  numClasses: number;
  /** Model width. Default 64. */
  dModel?: number;
  /** Attention heads. Default 4. */
  numHeads?: number;
  /** Encoder layers. Default 2. */
  numLayers?: number;
  /** Feed-forward width. Default 2·dModel (KWT uses a narrow MLP). */
  ffnDim?: number;
  /** Dropout rate inside the encoder. Default 0.1. */
  dropout?: number;
  /** Position encoding. Default `learned` (KWT's choice; frames are a fixed grid). */
  positional?: PositionalKind;
  /**
   * Channels of the convolutional front (0: none). With it, `numFeatures` is ⌈bands/2⌉·9: each frame
   * holds 3×3 patches of the log-mel image (frequency stride 2), and a shared [9, channels] kernel,
   * GELU and a projection of all bands' channels to dModel replace the plain input projection.
   */
  convChannels?: number;
}

/** One window of features and its class: `features` is row-major [numFrames, numFeatures]. */
export interface KwsExample {
  features: Float32Array;
  label: number;
}

/**
 * Keyword-Transformer-style classifier (Berg et al., 2021, without the CLS token: mean pooling is
 * one op fewer in both engines). Frames → Linear → positions → TransformerEncoder → mean → Linear.
 *
 * Every window has the same length (the plugin pads or crops audio to a fixed window), so there is
 * no padding mask and mean pooling covers every frame.
 *
 * Inputs by name: `features` float32 [B, T, F] and, for the loss, `labels` int32 [B].
 */
export class KeywordTransformer extends Module implements TfjsTrainable, OnnxExportable, OnnxTrainable {
  readonly config: Required<KeywordTransformerConfig>;
  readonly conv?: Linear;
  readonly inputProjection: Linear;
  readonly positional: PositionalEmbedding;
  readonly encoder: TransformerEncoder;
  readonly head: Linear;

  constructor(config: KeywordTransformerConfig, options: ModuleOptions = {}) {
    super(options, 'kws');
    const dModel = config.dModel ?? 64;
    this.config = {
      numFrames: config.numFrames,
      numFeatures: config.numFeatures,
      numClasses: config.numClasses,
      dModel,
      numHeads: config.numHeads ?? 4,
      numLayers: config.numLayers ?? 2,
      ffnDim: config.ffnDim ?? 2 * dModel,
      dropout: config.dropout ?? 0.1,
      positional: config.positional ?? 'learned',
      convChannels: config.convChannels ?? 0,
    };
    const c = this.config;
    if (c.convChannels > 0) {
      if (c.numFeatures % 9 !== 0) throw new InputError(`With a conv front, numFeatures must be bands × 9 (3×3 patches); got ${c.numFeatures}.`);
      this.conv = this.addModule(new Linear({ inFeatures: 9, outFeatures: c.convChannels }, this.childOptions('conv')));
    }
    const projected = c.convChannels > 0 ? (c.numFeatures / 9) * c.convChannels : c.numFeatures;
    this.inputProjection = this.addModule(new Linear({ inFeatures: projected, outFeatures: dModel }, this.childOptions('input_projection')));
    this.positional = this.addModule(
      new PositionalEmbedding({ maxLength: c.numFrames, dim: dModel, kind: c.positional }, this.childOptions('positional')),
    );
    this.encoder = this.addModule(
      new TransformerEncoder(
        { dModel, numHeads: c.numHeads, numLayers: c.numLayers, ffnDim: c.ffnDim, dropout: c.dropout },
        this.childOptions('encoder'),
      ),
    );
    this.head = this.addModule(new Linear({ inFeatures: dModel, outFeatures: c.numClasses }, this.childOptions('head')));
  }

  /** features: [B, T, F] -> logits [B, C] */
  forward(features: tf.Tensor, ctx: ForwardContext = {}): tf.Tensor {
    return tf.tidy(() => {
      const x = this.positional.forward(this.inputProjection.forward(this.convFront(features))); // [B, T, D]
      const h = this.encoder.forward(x, {}, ctx); // [B, T, D], no mask: every frame is real
      return this.head.forward(tf.mean(h, 1)); // [B, D] -> [B, C]
    });
  }

  /**
   * ONNX graph: input `features` float32 [batch, numFrames, F]; outputs `logits` float32 [batch, C] and
   * `embedding` float32 [batch, dModel] (the pooled encoder output).
   * The frame axis is fixed (the window length), so ONNX Runtime rejects a wrongly sized window.
   */
  emitOnnxGraph(ctx: EmitContext): void {
    const features = ctx.g.input('features', 'float32', ['batch', this.config.numFrames, this.config.numFeatures]);
    const embedding = this.emitEmbedding(ctx, features);
    ctx.g.output(ctx.g.op('Identity', [this.head.emitOnnx(ctx, embedding)], {}, 'logits'), 'float32', ['batch', this.config.numClasses]);
    // The pooled encoder output too: enrolling a new keyword fits a head on it (see enrol.ts).
    ctx.g.output(ctx.g.op('Identity', [embedding], {}, 'embedding'), 'float32', ['batch', this.config.dModel]);
  }

  /**
   * Training graphs: inputs `features` and `labels` (int32 [batch]); mean softmax cross-entropy.
   * The frame axis is declared `sequence` because core's dropout emitters shape their masks with
   * that dim name, and the engine binds named dims from the batch inputs' declared dims.
   */
  emitOnnxLoss(ctx: EmitContext): { loss: string; output: string } {
    const { g } = ctx;
    const features = g.input('features', 'float32', ['batch', 'sequence', this.config.numFeatures]);
    const labels = g.input('labels', 'int32', ['batch']);
    const logits = this.emitLogits(ctx, features);
    return { loss: emitSoftmaxCrossEntropy(g, logits, labels, this.config.numClasses), output: logits };
  }

  /** [B, T, bands·9] patches → [B, T, bands·C]; identity without a conv front. */
  private convFront(features: tf.Tensor): tf.Tensor {
    if (!this.conv) return features;
    const [b, t] = features.shape as [number, number, number];
    const bands = this.config.numFeatures / 9;
    const y = gelu(this.conv.forward(tf.reshape(features, [b, t, bands, 9]))); // [B, T, bands, C]
    return tf.reshape(y, [b, t, bands * this.config.convChannels]);
  }

  private emitConvFront(ctx: EmitContext, features: string): string {
    if (!this.conv) return features;
    const { g } = ctx;
    const bands = this.config.numFeatures / 9;
    // Reshape's 0 copies the input's dim, so batch and frames stay symbolic.
    const patches = g.op('Reshape', [features, g.constant('int64', [0, 0, bands, 9])]);
    const y = emitGelu(g, this.conv.emitOnnx(ctx, patches));
    return g.op('Reshape', [y, g.constant('int64', [0, 0, bands * this.config.convChannels])]);
  }

  private emitLogits(ctx: EmitContext, features: string): string {
    return this.head.emitOnnx(ctx, this.emitEmbedding(ctx, features)); // [B, C]
  }

  /** features → the mean of the encoder's frames [B, D]. */
  private emitEmbedding(ctx: EmitContext, features: string): string {
    const x = this.positional.emitOnnx(ctx, this.inputProjection.emitOnnx(ctx, this.emitConvFront(ctx, features))); // [B, T, D]
    const h = this.encoder.emitOnnx(ctx, x); // no mask
    // Mean over frames as ReduceSum · (1/T) with T the fixed window length: core's emitPool('mean')
    // without a mask divides by Shape(x), and the ONNX autodiff has no gradient rule for Shape.
    const sum = ctx.g.op('ReduceSum', [h, ctx.g.constant('int64', [1])], { keepdims: 0 }); // [B, D]
    return ctx.g.op('Mul', [sum, ctx.g.scalar(1 / this.config.numFrames)]);
  }

  loss(inputs: Record<string, tf.Tensor>, ctx: ForwardContext): tf.Scalar {
    return tf.tidy(() => softmaxCrossEntropy(this.forward(inputs['features']!, ctx), inputs['labels']!));
  }

  predict(inputs: Record<string, tf.Tensor>): tf.Tensor {
    return this.forward(inputs['features']!);
  }

  /** Stacks fixed-size windows into `features` [B, T, F] and `labels` [B]. */
  collate = (examples: KwsExample[]): Batch => {
    const { numFrames, numFeatures, numClasses } = this.config;
    const size = numFrames * numFeatures;
    const features = new Float32Array(examples.length * size);
    const labels = new Int32Array(examples.length);
    examples.forEach((e, i) => {
      if (e.features.length !== size) {
        throw new InputError(`Example ${i} has ${e.features.length} feature values; expected ${numFrames} frames × ${numFeatures} = ${size}.`);
      }
      if (!Number.isInteger(e.label) || e.label < 0 || e.label >= numClasses) {
        throw new InputError(`Example ${i} has label ${e.label}; labels must be integers in [0, ${numClasses}).`);
      }
      features.set(e.features, i * size);
      labels[i] = e.label;
    });
    return { features: { data: features, shape: [examples.length, numFrames, numFeatures] }, labels: { data: labels, shape: [examples.length] } };
  };
}
