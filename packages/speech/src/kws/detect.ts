import { ConfigError, InputError } from '@attune/core';
import { checkSilenceDb, isSilent } from '../audio/level.js';
import { checkFiniteSamples } from './windowing.js';

/** One keyword heard in a stream. */
export interface KeywordEvent {
  label: string;
  /** Smoothed probability at the peak. */
  score: number;
  /** Seconds from the start of the stream to the centre of the window where the score peaked. */
  time: number;
}

export interface DetectOptions {
  /** Sample rate of the incoming chunks, in Hz. */
  sampleRate: number;
  /** Seconds between two windows. Default 0.1. */
  hopSeconds?: number;
  /**
   * Windows whose probabilities are averaged before the threshold (a moving average). Default 5
   * (0.5 s at the default hop): a word stays whole in a 1 s window for several hops, while a window
   * that holds only the edge of a word can score high for one or two hops; 3 let those through.
   */
  smoothWindows?: number;
  /** Smoothed probability a keyword needs to fire. Default 0.7. */
  threshold?: number;
  /** After an event, no other event for this many seconds (one word spans several windows). Default 1. */
  refractorySeconds?: number;
  /**
   * Windows whose loudest 20 ms is quieter than this (RMS, dB full scale) are silence: not scored.
   * Default -50. The loudest stretch, not the whole window: a softly spoken short word in a 1 s
   * window of silence averages well under -50 dB.
   */
  silenceDb?: number;
  /** Labels never reported (e.g. a background class). */
  ignoreLabels?: readonly string[];
  /** Windows scored per model call when audio arrives faster than real time. Default 16. */
  batchWindows?: number;
}

export interface DetectorCore {
  /** Window length in seconds. */
  windowSeconds: number;
  labels: readonly string[];
  /** Class probabilities of each window (mono, at the stream's rate), in order. */
  score(windows: Float32Array[], sampleRate: number): Promise<Float32Array[]>;
}

type Resolved = Required<Omit<DetectOptions, 'ignoreLabels'>> & { ignore: Set<string> };

function resolve(o: DetectOptions): Resolved {
  if (!o || !Number.isInteger(o.sampleRate) || o.sampleRate <= 0) {
    throw new ConfigError('detect.sampleRate', o?.sampleRate, 'the stream\'s sample rate as a positive integer (Hz), e.g. 16000');
  }
  const r: Resolved = {
    sampleRate: o.sampleRate,
    hopSeconds: o.hopSeconds ?? 0.1,
    smoothWindows: o.smoothWindows ?? 5,
    threshold: o.threshold ?? 0.7,
    refractorySeconds: o.refractorySeconds ?? 1,
    silenceDb: o.silenceDb ?? -50,
    batchWindows: o.batchWindows ?? 16,
    ignore: new Set(o.ignoreLabels ?? []),
  };
  if (!(r.hopSeconds > 0)) throw new ConfigError('detect.hopSeconds', r.hopSeconds, 'a positive number of seconds');
  if (!Number.isInteger(r.smoothWindows) || r.smoothWindows < 1) throw new ConfigError('detect.smoothWindows', r.smoothWindows, 'a positive integer');
  if (!(r.threshold > 0 && r.threshold <= 1)) throw new ConfigError('detect.threshold', r.threshold, 'a probability in (0, 1]');
  if (!(r.refractorySeconds >= 0)) throw new ConfigError('detect.refractorySeconds', r.refractorySeconds, 'a number of seconds >= 0');
  if (!Number.isInteger(r.batchWindows) || r.batchWindows < 1) throw new ConfigError('detect.batchWindows', r.batchWindows, 'a positive integer');
  checkSilenceDb(r.silenceDb, 'detect.silenceDb');
  return r;
}

/**
 * Keyword events from a live stream of audio chunks: a window slides over the audio every hop,
 * each window is scored by the model (silent windows are not: they score zero), the probabilities
 * are smoothed with a moving average, and a keyword fires at the peak of its smoothed score above
 * the threshold, then nothing fires for the refractory period.
 */
export async function* detectKeywords(core: DetectorCore, stream: AsyncIterable<Float32Array> | Iterable<Float32Array>, options: DetectOptions): AsyncGenerator<KeywordEvent> {
  const o = resolve(options);
  const s = stream as Partial<AsyncIterable<unknown> & Iterable<unknown>> | null;
  if (!s || typeof s !== 'object' || (typeof s[Symbol.asyncIterator] !== 'function' && typeof s[Symbol.iterator] !== 'function')) {
    throw new InputError(`detect: the stream must be an iterable or async iterable of Float32Array chunks (e.g. an array, a generator, a Node Readable); got ${Object.prototype.toString.call(stream)}.`);
  }
  const rate = o.sampleRate;
  const windowSamples = Math.round(core.windowSeconds * rate);
  const hopSamples = Math.max(1, Math.round(o.hopSeconds * rate));
  const smoother = new Smoother(core.labels.length, o.smoothWindows);
  const picker = new PeakPicker(o, core.labels, ((o.smoothWindows - 1) / 2) * o.hopSeconds);

  let buffer = new Float32Array(0); // audio from absolute sample `bufferStart` on
  let bufferStart = 0;
  let nextWindow = 0; // absolute start of the next window to score

  const scoreReady = async function* (end: number, flush: boolean): AsyncGenerator<KeywordEvent> {
    const starts: number[] = [];
    // While flushing, pad the tail with silence so a word at the very end still reaches a window's middle.
    while (nextWindow + windowSamples <= end || (flush && nextWindow + windowSamples / 2 < end)) {
      starts.push(nextWindow);
      nextWindow += hopSamples;
    }
    for (let i = 0; i < starts.length; i += o.batchWindows) {
      const batch = starts.slice(i, i + o.batchWindows);
      const windows = batch.map((s) => {
        const w = new Float32Array(windowSamples);
        w.set(buffer.subarray(s - bufferStart, Math.min(s - bufferStart + windowSamples, buffer.length)));
        return w;
      });
      const loud = windows.map((w) => !isSilent(w, rate, o.silenceDb));
      const scored = loud.some(Boolean) ? await core.score(windows.filter((_, k) => loud[k]), rate) : [];
      let next = 0;
      for (let k = 0; k < batch.length; k++) {
        const probs = loud[k] ? scored[next++]! : new Float32Array(core.labels.length);
        const centre = (batch[k]! + windowSamples / 2) / rate;
        const event = picker.push(smoother.push(probs), centre);
        if (event) yield event;
      }
    }
  };

  for await (const chunk of stream) {
    if (!(chunk instanceof Float32Array)) {
      throw new InputError(`detect: stream chunks must be Float32Array (mono samples in [-1, 1]); got ${Object.prototype.toString.call(chunk)}.`);
    }
    checkFiniteSamples(chunk, `detect: a stream chunk`);
    const joined = new Float32Array(buffer.length + chunk.length);
    joined.set(buffer);
    joined.set(chunk, buffer.length);
    buffer = joined;
    yield* scoreReady(bufferStart + buffer.length, false);
    // Keep only what the next window needs.
    const drop = Math.max(0, Math.min(nextWindow - bufferStart, buffer.length));
    if (drop > 0) {
      buffer = buffer.slice(drop);
      bufferStart += drop;
    }
  }
  yield* scoreReady(bufferStart + buffer.length, true);
  const last = picker.finish();
  if (last) yield last;
}

/** Moving average of the last `size` probability vectors. */
class Smoother {
  private readonly history: Float32Array[] = [];
  constructor(
    private readonly classes: number,
    private readonly size: number,
  ) {}

  push(probs: Float32Array): Float32Array {
    this.history.push(probs);
    if (this.history.length > this.size) this.history.shift();
    const mean = new Float32Array(this.classes);
    for (const h of this.history) for (let k = 0; k < this.classes; k++) mean[k] = mean[k]! + h[k]! / this.size;
    return mean;
  }
}

/** Fires once per peak of a keyword's smoothed score above the threshold, with a refractory period. */
class PeakPicker {
  private candidate: KeywordEvent | undefined;
  private lastEvent = -Infinity;

  constructor(
    private readonly o: Resolved,
    private readonly labels: readonly string[],
    /** The moving average lags the audio by half its length. */
    private readonly lag: number,
  ) {}

  push(probs: Float32Array, centre: number): KeywordEvent | undefined {
    let best = -1;
    for (let k = 0; k < probs.length; k++) if (!this.o.ignore.has(this.labels[k]!) && (best < 0 || probs[k]! > probs[best]!)) best = k;
    const score = best < 0 ? 0 : probs[best]!;
    const time = Math.max(0, centre - this.lag);
    const c = this.candidate;
    if (c && (score < c.score || this.labels[best] !== c.label)) {
      this.candidate = undefined;
      this.lastEvent = c.time;
      const restart = this.above(score, time) ? { label: this.labels[best]!, score, time } : undefined;
      if (restart && this.labels[best] !== c.label) this.candidate = restart;
      return c;
    }
    if (this.above(score, time) && (!c || score >= c.score)) this.candidate = { label: this.labels[best]!, score, time };
    return undefined;
  }

  finish(): KeywordEvent | undefined {
    const c = this.candidate;
    this.candidate = undefined;
    return c;
  }

  private above(score: number, time: number): boolean {
    return score >= this.o.threshold && time - this.lastEvent >= this.o.refractorySeconds;
  }
}
