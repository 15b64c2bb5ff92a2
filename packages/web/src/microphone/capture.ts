import { ConfigError, InputError } from '@attune/core';
import { CAPTURE_PROCESSOR, captureWorkletSource } from './worklet-source.js';

export interface CaptureMicrophoneOptions {
  /**
   * Sample rate of the chunks, in Hz. The AudioContext runs at this rate and the browser resamples
   * the microphone to it. Default: the context's own rate (usually 48000 or 44100).
   */
  sampleRate?: number;
  /** Length of each chunk in seconds. Default 0.1. */
  chunkSeconds?: number;
  /** Called with every chunk as it arrives (in addition to the async iterator). */
  onChunk?: (chunk: Float32Array) => void;
  /** Capture this stream instead of asking for the microphone (e.g. one the app already has). */
  stream?: MediaStream;
  /** Extra audio constraints for getUserMedia. Default: mono, no echo cancellation, noise suppression or gain control (they distort keywords). */
  constraints?: MediaTrackConstraints;
  /** Chunks kept for a slow consumer before the oldest are dropped. Default 100 (10 s at 0.1 s). */
  maxQueuedChunks?: number;
}

/** A running capture: an async iterable of mono Float32Array chunks at `sampleRate`. */
export interface MicrophoneCapture extends AsyncIterable<Float32Array> {
  readonly sampleRate: number;
  /** Chunks dropped because the consumer fell behind. */
  readonly droppedChunks: number;
  /** Stops the microphone and ends the iteration. */
  stop(): Promise<void>;
}

/**
 * Microphone capture through an AudioWorklet: mono Float32Array chunks (samples in [-1, 1]) for any
 * consumer, e.g. `spotter.detect(capture, { sampleRate: capture.sampleRate })` from
 * `@attune/speech`. Must be called from a page (it needs `navigator.mediaDevices` and an
 * AudioContext; browsers ask the user for permission, and may need a user gesture to start audio).
 */
export async function captureMicrophone(options: CaptureMicrophoneOptions = {}): Promise<MicrophoneCapture> {
  const chunkSeconds = options.chunkSeconds ?? 0.1;
  if (!(chunkSeconds > 0 && chunkSeconds <= 10)) throw new ConfigError('chunkSeconds', chunkSeconds, 'a number of seconds in (0, 10]');
  if (options.sampleRate !== undefined && !(Number.isInteger(options.sampleRate) && options.sampleRate >= 3000 && options.sampleRate <= 384000)) {
    throw new ConfigError('sampleRate', options.sampleRate, 'an integer rate in Hz between 3000 and 384000, or undefined for the device rate');
  }
  const media = globalThis.navigator?.mediaDevices;
  if (!options.stream && !media?.getUserMedia) {
    throw new InputError('captureMicrophone needs navigator.mediaDevices.getUserMedia: run it in a page served over https or from localhost.');
  }
  const stream =
    options.stream ??
    (await media!.getUserMedia({
      audio: { channelCount: 1, echoCancellation: false, noiseSuppression: false, autoGainControl: false, ...options.constraints },
    }));
  const context = new AudioContext(options.sampleRate ? { sampleRate: options.sampleRate } : {});
  const url = URL.createObjectURL(new Blob([captureWorkletSource], { type: 'text/javascript' }));
  try {
    await context.audioWorklet.addModule(url);
  } finally {
    URL.revokeObjectURL(url);
  }
  const chunkFrames = Math.max(1, Math.round(chunkSeconds * context.sampleRate));
  const source = context.createMediaStreamSource(stream);
  const node = new AudioWorkletNode(context, CAPTURE_PROCESSOR, { numberOfInputs: 1, numberOfOutputs: 1, channelCount: 1, channelCountMode: 'explicit', processorOptions: { chunkFrames } });
  // Through a silent gain to the destination, so the graph is pulled on every browser.
  const mute = context.createGain();
  mute.gain.value = 0;
  source.connect(node).connect(mute).connect(context.destination);

  const queue = new ChunkQueue(options.maxQueuedChunks ?? 100);
  node.port.onmessage = (e: MessageEvent<Float32Array>) => {
    options.onChunk?.(e.data);
    queue.push(e.data);
  };
  await context.resume();

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    node.port.postMessage('stop');
    node.port.onmessage = null;
    source.disconnect();
    node.disconnect();
    if (!options.stream) for (const track of stream.getTracks()) track.stop();
    await context.close();
    queue.end();
  };
  return {
    sampleRate: context.sampleRate,
    get droppedChunks() {
      return queue.dropped;
    },
    stop,
    [Symbol.asyncIterator]: () => queue.iterator(stop),
  };
}

/** Chunks waiting for the consumer; bounded, dropping the oldest when the consumer falls behind. */
class ChunkQueue {
  private readonly chunks: Float32Array[] = [];
  private waiting: ((r: IteratorResult<Float32Array>) => void) | undefined;
  private ended = false;
  dropped = 0;

  constructor(private readonly limit: number) {}

  push(chunk: Float32Array): void {
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: chunk, done: false });
      return;
    }
    this.chunks.push(chunk);
    if (this.chunks.length > this.limit) {
      this.chunks.shift();
      this.dropped += 1;
    }
  }

  end(): void {
    this.ended = true;
    this.waiting?.({ value: undefined, done: true });
    this.waiting = undefined;
  }

  iterator(stop: () => Promise<void>): AsyncIterator<Float32Array> {
    return {
      next: () => {
        const chunk = this.chunks.shift();
        if (chunk) return Promise.resolve({ value: chunk, done: false });
        if (this.ended) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => (this.waiting = resolve));
      },
      // `break` out of a for-await loop stops the microphone.
      return: async () => {
        await stop();
        return { value: undefined, done: true };
      },
    };
  }
}
