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
  type CollateContext,
  type EmitContext,
  type ForwardContext,
  type ModuleOptions,
  type OnnxExportable,
  type OnnxTrainable,
  type TfjsTrainable,
} from '@attune/core';
import { randomShifts, shiftImage } from './augment.js';

export interface VisionTransformerConfig {
  /** Side of the square grey-scale image in pixels (28 for MNIST). */
  imageSize: number;
  /** Side of a square patch; must divide imageSize. Default 7 (a 4×4 grid of 49-pixel patches). */
  patchSize?: number;
  /** Number of classes. */
  numClasses: number;
  /** Model width. Default 64. */
  dModel?: number;
  /** Attention heads. Default 4. */
  numHeads?: number;
  /** Encoder layers. Default 2. */
  numLayers?: number;
  /** Feed-forward width. Default 2·dModel. */
  ffnDim?: number;
  /** Dropout inside the encoder. Default 0 (trains on ONNX Runtime either way: the graph fixes its patch count with bindDim). */
  dropout?: number;
  /** Training batches shift each image by up to this many pixels each way. Default 0 (off). */
  maxShift?: number;
  /** Pixel value of an empty background after normalisation (fills the border a shift uncovers). Default 0. */
  background?: number;
}

/** One normalised image (row-major imageSize × imageSize) and its class index. */
export interface ImageExample {
  pixels: Float32Array;
  label: number;
}

/**
 * A small Vision Transformer (Dosovitskiy et al., 2021) built from core's public modules:
 * image → non-overlapping patches → Linear (patch embedding) → learned positions →
 * TransformerEncoder → mean over patches → Linear head. Mean pooling instead of a CLS token
 * keeps every op on the ONNX Runtime training engine's gradient table.
 *
 * Inputs by name: `pixels` float32 [B, S, S] and, for the loss, `labels` int32 [B].
 */
export class VisionTransformer extends Module implements TfjsTrainable, OnnxExportable, OnnxTrainable {
  readonly config: Required<VisionTransformerConfig>;
  readonly patchEmbedding: Linear;
  readonly positional: PositionalEmbedding;
  readonly encoder: TransformerEncoder;
  readonly head: Linear;

  constructor(config: VisionTransformerConfig, options: ModuleOptions = {}) {
    super(options, 'vit');
    const dModel = config.dModel ?? 64;
    this.config = {
      imageSize: config.imageSize,
      patchSize: config.patchSize ?? 7,
      numClasses: config.numClasses,
      dModel,
      numHeads: config.numHeads ?? 4,
      numLayers: config.numLayers ?? 2,
      ffnDim: config.ffnDim ?? 2 * dModel,
      dropout: config.dropout ?? 0,
      maxShift: config.maxShift ?? 0,
      background: config.background ?? 0,
    };
    const { imageSize, patchSize } = this.config;
    if (!Number.isInteger(imageSize) || !Number.isInteger(patchSize) || patchSize < 1 || imageSize % patchSize !== 0) {
      throw new InputError(`patchSize ${patchSize} must be a positive integer that divides imageSize ${imageSize}.`);
    }
    const c = this.config;
    this.patchEmbedding = this.addModule(new Linear({ inFeatures: patchSize * patchSize, outFeatures: dModel }, this.childOptions('patch_embedding')));
    this.positional = this.addModule(new PositionalEmbedding({ maxLength: this.numPatches, dim: dModel, kind: 'learned' }, this.childOptions('positional')));
    this.encoder = this.addModule(
      new TransformerEncoder({ dModel, numHeads: c.numHeads, numLayers: c.numLayers, ffnDim: c.ffnDim, dropout: c.dropout }, this.childOptions('encoder')),
    );
    this.head = this.addModule(new Linear({ inFeatures: dModel, outFeatures: c.numClasses }, this.childOptions('head')));
  }

  /** Patches per image: (imageSize / patchSize)². */
  get numPatches(): number {
    return (this.config.imageSize / this.config.patchSize) ** 2;
  }

  /** pixels: [B, S, S] -> logits [B, C] */
  forward(pixels: tf.Tensor, ctx: ForwardContext = {}): tf.Tensor {
    return tf.tidy(() => {
      const x = this.positional.forward(this.patchEmbedding.forward(this.patchify(pixels))); // [B, N, D]
      const h = this.encoder.forward(x, {}, ctx); // [B, N, D], no mask: every patch is real
      return this.head.forward(pool('mean', h)); // [B, C]
    });
  }

  private patchify(pixels: tf.Tensor): tf.Tensor {
    return patchify(pixels, this.config.imageSize, this.config.patchSize);
  }

  /** The same patching as ONNX nodes (Reshape → Transpose → Reshape). */
  private emitPatchify({ g }: EmitContext, pixels: string): string {
    const { imageSize, patchSize: p } = this.config;
    const grid = imageSize / p;
    const blocks = g.op('Reshape', [pixels, g.constant('int64', [-1, grid, p, grid, p])]);
    const swapped = g.op('Transpose', [blocks], { perm: [0, 1, 3, 2, 4] });
    return g.op('Reshape', [swapped, g.constant('int64', [-1, grid * grid, p * p])]);
  }

  private emitLogits(ctx: EmitContext, pixels: string): string {
    const x = this.positional.emitOnnx(ctx, this.patchEmbedding.emitOnnx(ctx, this.emitPatchify(ctx, pixels))); // [B, N, D]
    const h = this.encoder.emitOnnx(ctx, x); // no mask
    return this.head.emitOnnx(ctx, emitPool(ctx.g, 'mean', h)); // [B, C]
  }

  /** ONNX graph: input `pixels` float32 [batch, S, S], output `logits` float32 [batch, C]. */
  emitOnnxGraph(ctx: EmitContext): void {
    const { imageSize, numClasses } = this.config;
    const pixels = ctx.g.input('pixels', 'float32', ['batch', imageSize, imageSize]);
    ctx.g.output(ctx.g.op('Identity', [this.emitLogits(ctx, pixels)], {}, 'logits'), 'float32', ['batch', numClasses]);
  }

  /** Training graphs: inputs `pixels` and `labels` (int32 [batch]); mean softmax cross-entropy. */
  emitOnnxLoss(ctx: EmitContext): { loss: string; output: string } {
    const { g } = ctx;
    const { imageSize, numClasses } = this.config;
    const pixels = g.input('pixels', 'float32', ['batch', imageSize, imageSize]);
    const labels = g.input('labels', 'int32', ['batch']);
    g.bindDim('sequence', this.numPatches); // the token axis is computed (patches), so dropout masks need its size
    const logits = this.emitLogits(ctx, pixels);
    return { loss: emitSoftmaxCrossEntropy(g, logits, labels, numClasses), output: logits };
  }

  loss(inputs: Record<string, tf.Tensor>, ctx: ForwardContext): tf.Scalar {
    return tf.tidy(() => softmaxCrossEntropy(this.forward(inputs['pixels']!, ctx), inputs['labels']!));
  }

  predict(inputs: Record<string, tf.Tensor>): tf.Tensor {
    return this.forward(inputs['pixels']!);
  }

  /** Stacks images into `pixels` [B, S, S] and `labels` [B]; training batches are randomly shifted when `maxShift` > 0. */
  collate = (examples: ImageExample[], context?: CollateContext): Batch => {
    const { imageSize, numClasses, maxShift, background } = this.config;
    const shifts = context?.training && maxShift > 0 ? randomShifts(examples.length, maxShift, context.seed) : undefined;
    const size = imageSize * imageSize;
    const pixels = new Float32Array(examples.length * size);
    const labels = new Int32Array(examples.length);
    examples.forEach((e, i) => {
      if (e.pixels.length !== size) throw new InputError(`Example ${i} has ${e.pixels.length} pixels; expected ${imageSize}×${imageSize} = ${size}.`);
      if (!Number.isInteger(e.label) || e.label < 0 || e.label >= numClasses) {
        throw new InputError(`Example ${i} has label ${e.label}; labels must be integers in [0, ${numClasses}).`);
      }
      const [dx, dy] = shifts?.[i] ?? [0, 0];
      pixels.set(dx || dy ? shiftImage(e.pixels, imageSize, dx, dy, background) : e.pixels, i * size);
      labels[i] = e.label;
    });
    return { pixels: { data: pixels, shape: [examples.length, imageSize, imageSize] }, labels: { data: labels, shape: [examples.length] } };
  };
}

/** [B, S, S] -> [B, N, P·P]: the row-major grid of non-overlapping patches, each patch row-major. */
export function patchify(pixels: tf.Tensor, imageSize: number, patchSize: number): tf.Tensor {
  return tf.tidy(() => {
    const p = patchSize;
    const grid = imageSize / p;
    const blocks = tf.reshape(pixels, [-1, grid, p, grid, p]); // [B, gy, py, gx, px]
    return tf.reshape(tf.transpose(blocks, [0, 1, 3, 2, 4]), [-1, grid * grid, p * p]); // [B, gy·gx, py·px]
  });
}
