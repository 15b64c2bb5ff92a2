import * as tf from '@tensorflow/tfjs-core';
import {
  Dropout, emitMultiHeadAttention, FeedForward, LayerNorm, Module, MultiHeadAttention,
  type EmitContext, type ForwardContext, type MaskOptions, type ModuleOptions, type OnnxMask,
} from '@attune/core';

export interface SasRecEncoderConfig {
  /** `sasrec`: the reference code's block; `post-ln`: x = LN(x + Attention(x)), x = LN(x + FFN(x)). */
  form: 'sasrec' | 'post-ln';
  dModel: number;
  numHeads: number;
  numLayers: number;
  ffnDim: number;
  dropout: number;
}

/** SASRec's reference implementation uses LayerNorm epsilon 1e-8. */
const EPS = 1e-8;

/**
 * One block as the SASRec reference code builds it (Kang & McAuley's TensorFlow code and its
 * PyTorch port), which differs from a textbook pre-LN block in two places:
 *   q = LN1(x);  h = q + Attention(queries q, keys and values x)   (K/V read the raw stream,
 *                                                                    the residual carries LN1(x))
 *   n = LN2(h);  out = n + Dropout(FFN(n))
 * Every block's output is re-normalised, so item embeddings (× √d) reach the attention of the
 * first block unscaled by LayerNorm. Measured on MovieLens against core's pre-LN encoder: README
 * "Quality".
 */
class SasRecBlock extends Module {
  readonly norm1: LayerNorm;
  readonly attention: MultiHeadAttention;
  readonly norm2: LayerNorm;
  readonly feedForward: FeedForward;
  private readonly attentionDropout: Dropout;
  private readonly residualDropout: Dropout;
  private readonly dModel: number;
  private readonly form: SasRecEncoderConfig['form'];

  constructor(config: SasRecEncoderConfig, options: ModuleOptions) {
    super(options, 'sasrec_block');
    const { dModel, numHeads, ffnDim, dropout } = config;
    this.dModel = dModel;
    this.form = config.form;
    this.norm1 = this.addModule(new LayerNorm({ dim: dModel, eps: EPS }, this.childOptions('norm1')));
    this.attention = this.addModule(new MultiHeadAttention({ dModel, numHeads, dropout }, this.childOptions('attention')));
    this.norm2 = this.addModule(new LayerNorm({ dim: dModel, eps: EPS }, this.childOptions('norm2')));
    this.feedForward = this.addModule(new FeedForward({ dModel, hiddenDim: ffnDim, dropout }, this.childOptions('feed_forward')));
    this.residualDropout = new Dropout(dropout, this.childOptions('residual_dropout'));
    // the reference block has none on the attention branch; post-LN (PyTorch's port) has
    this.attentionDropout = new Dropout(config.form === 'post-ln' ? dropout : 0, this.childOptions('attention_dropout'));
  }

  forward(x: tf.Tensor, mask: MaskOptions, ctx: ForwardContext): tf.Tensor {
    return tf.tidy(() => {
      const q = this.form === 'sasrec' ? this.norm1.forward(x) : x;
      const attended = tf.add(q, this.attentionDropout.forward(this.attention.forward(q, mask, ctx, x), ctx));
      const n = this.form === 'sasrec' ? this.norm2.forward(attended) : this.norm1.forward(attended);
      const out = tf.add(n, this.residualDropout.forward(this.feedForward.forward(n, ctx), ctx));
      return this.form === 'sasrec' ? out : this.norm2.forward(out);
    });
  }

  emitOnnx(ctx: EmitContext, x: string, mask: OnnxMask): string {
    const { g } = ctx;
    const dims = ['batch', 'sequence', this.dModel];
    const q = this.form === 'sasrec' ? this.norm1.emitOnnx(ctx, x) : x;
    const attended = g.op('Add', [q, this.attentionDropout.emitOnnx(ctx, emitMultiHeadAttention(ctx, this.attention, q, mask, x), dims)]);
    const n = this.form === 'sasrec' ? this.norm2.emitOnnx(ctx, attended) : this.norm1.emitOnnx(ctx, attended);
    const out = g.op('Add', [n, this.residualDropout.emitOnnx(ctx, this.feedForward.emitOnnx(ctx, n), dims)]);
    return this.form === 'sasrec' ? out : this.norm2.emitOnnx(ctx, out);
  }
}

/** The blocks above, then a final LayerNorm (as the reference code). */
export class SasRecEncoder extends Module {
  readonly layers: SasRecBlock[];
  readonly finalNorm: LayerNorm;

  constructor(config: SasRecEncoderConfig, options: ModuleOptions = {}) {
    super(options, 'sasrec_encoder');
    this.layers = Array.from({ length: config.numLayers }, (_, i) => this.addModule(new SasRecBlock(config, this.childOptions(`layers.${i}`))));
    this.finalNorm = this.addModule(new LayerNorm({ dim: config.dModel, eps: EPS }, this.childOptions('final_norm')));
  }

  /** x: [B, T, D] -> [B, T, D] */
  forward(x: tf.Tensor, mask: MaskOptions, ctx: ForwardContext = {}): tf.Tensor {
    return tf.tidy(() => this.finalNorm.forward(this.layers.reduce((h, layer) => layer.forward(h, mask, ctx), x)));
  }

  emitOnnx(ctx: EmitContext, x: string, mask: OnnxMask): string {
    return this.finalNorm.emitOnnx(ctx, this.layers.reduce((h, layer) => layer.emitOnnx(ctx, h, mask), x));
  }
}
