import { InputError } from '@attune/core';
import { resolveFrontEndConfig, type FrontEndConfig } from './config.js';
import { featureMatrix, type FeatureKind, type FeatureMatrix } from './feature-matrix.js';
import { FrameProcessor } from './frame-processor.js';

/**
 * Front-end for live audio: `push` chunks of any size (one sample, a whole clip) and get back the
 * frames they complete. The frames are exactly those of `extractFeatures` on the concatenated
 * audio, because both hand the same samples to the same `FrameProcessor`.
 *
 * Only per-frame features stream; deltas and per-utterance normalisation need the whole utterance
 * (or look-ahead), so apply them to the collected frames.
 */
export class StreamingFrontEnd {
  readonly config: FrontEndConfig;
  readonly numFeatures: number;
  private readonly processor: FrameProcessor;
  /** Samples from the start of the next frame on; only `buffered` of them are valid. */
  private buffer: Float32Array;
  private buffered = 0;
  /** Samples still to drop before the next frame starts (when hopLength > winLength). */
  private toSkip = 0;
  private emitted = 0;

  constructor(kind: FeatureKind, config: Partial<FrontEndConfig> = {}) {
    this.config = resolveFrontEndConfig(config);
    this.processor = new FrameProcessor(this.config, kind);
    this.numFeatures = this.processor.numFeatures;
    this.buffer = new Float32Array(this.config.winLength * 2);
  }

  /** Frames emitted so far. */
  get framesEmitted(): number {
    return this.emitted;
  }

  /** Appends `chunk` (at `config.sampleRate`) and returns the frames it completed, oldest first. */
  push(chunk: Float32Array): FeatureMatrix {
    if (!(chunk instanceof Float32Array)) {
      throw new InputError(`Expected a Float32Array chunk; got ${Object.prototype.toString.call(chunk)}.`);
    }
    const skipped = Math.min(this.toSkip, chunk.length);
    this.toSkip -= skipped;
    this.append(chunk.subarray(skipped));

    const { winLength, hopLength } = this.config;
    const count = this.buffered < winLength ? 0 : 1 + Math.floor((this.buffered - winLength) / hopLength);
    const frames = featureMatrix(count, this.numFeatures);
    for (let t = 0; t < count; t++) {
      this.processor.process(this.buffer, t * hopLength, frames.data, t * this.numFeatures);
    }
    this.consume(count * hopLength);
    this.emitted += count;
    return frames;
  }

  /** Forgets buffered audio so the next `push` starts a new utterance. */
  reset(): void {
    this.buffered = 0;
    this.toSkip = 0;
    this.emitted = 0;
  }

  private append(samples: Float32Array): void {
    const needed = this.buffered + samples.length;
    if (needed > this.buffer.length) {
      const grown = new Float32Array(Math.max(needed, this.buffer.length * 2));
      grown.set(this.buffer.subarray(0, this.buffered));
      this.buffer = grown;
    }
    this.buffer.set(samples, this.buffered);
    this.buffered = needed;
  }

  /** Drops `n` samples from the front; any beyond what is buffered are skipped as they arrive. */
  private consume(n: number): void {
    const dropped = Math.min(n, this.buffered);
    this.buffer.copyWithin(0, dropped, this.buffered);
    this.buffered -= dropped;
    this.toSkip += n - dropped;
  }
}
