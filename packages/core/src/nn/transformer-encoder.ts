import * as tf from '@tensorflow/tfjs-core';
import { positiveInt } from '../util/validate.js';
import { LayerNorm } from './layer-norm.js';
import type { MaskOptions } from './masks.js';
import { Module, type ForwardContext, type ModuleOptions } from './module.js';
import { TransformerEncoderLayer, type TransformerEncoderLayerConfig } from './transformer-encoder-layer.js';
import type { EmitContext, OnnxMask } from '../onnx/emit.js';

export interface TransformerEncoderConfig extends TransformerEncoderLayerConfig {
  /** Number of stacked layers. */
  numLayers: number;
}

/** A stack of pre-LN layers followed by a final LayerNorm (pre-LN leaves the residual stream unnormalised). */
export class TransformerEncoder extends Module {
  readonly config: TransformerEncoderConfig;
  readonly layers: TransformerEncoderLayer[];
  readonly finalNorm: LayerNorm;

  constructor(config: TransformerEncoderConfig, options: ModuleOptions = {}) {
    super(options, 'encoder');
    const numLayers = positiveInt(`${this.name}.numLayers`, config.numLayers);
    this.config = { ...config, numLayers };
    this.layers = Array.from({ length: numLayers }, (_, i) =>
      this.addModule(new TransformerEncoderLayer(config, this.childOptions(`layers.${i}`))),
    );
    this.finalNorm = this.addModule(
      new LayerNorm({ dim: config.dModel, eps: config.layerNormEps ?? 1e-5 }, this.childOptions('final_norm')),
    );
  }

  /** ONNX: every layer, then the final LayerNorm. */
  emitOnnx(ctx: EmitContext, x: string, mask?: OnnxMask): string {
    let h = x;
    for (const layer of this.layers) h = layer.emitOnnx(ctx, h, mask);
    return this.finalNorm.emitOnnx(ctx, h);
  }

  /** x: [B, T, D] -> [B, T, D] */
  forward(x: tf.Tensor, mask: MaskOptions = {}, ctx: ForwardContext = {}): tf.Tensor {
    return tf.tidy(() => {
      let h = x;
      for (const layer of this.layers) h = layer.forward(h, mask, ctx);
      return this.finalNorm.forward(h);
    });
  }
}
