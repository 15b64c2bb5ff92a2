import type { FsddClip } from './fsdd-clips.js';

/**
 * One recording made of `clips` with `gapSeconds` of silence before, between and after them, as a
 * live microphone would hear a user say several keywords; with where each clip sits (centre, seconds).
 */
export function keywordStream(clips: readonly FsddClip[], gapSeconds = 1): { audio: Float32Array; sampleRate: number; words: Array<{ label: string; centre: number }> } {
  const sampleRate = clips[0]!.sampleRate;
  const gap = Math.round(gapSeconds * sampleRate);
  const audio = new Float32Array(clips.reduce((n, c) => n + c.audio.length + gap, gap));
  const words: Array<{ label: string; centre: number }> = [];
  let at = gap;
  for (const c of clips) {
    if (c.sampleRate !== sampleRate) throw new Error('keywordStream: every clip needs the same sample rate');
    audio.set(c.audio, at);
    words.push({ label: c.label, centre: (at + c.audio.length / 2) / sampleRate });
    at += c.audio.length + gap;
  }
  return { audio, sampleRate, words };
}

/** `audio` in chunks of `seconds`, as an async stream (what a microphone capture yields). */
export async function* chunked(audio: Float32Array, sampleRate: number, seconds = 0.1): AsyncGenerator<Float32Array> {
  const size = Math.round(seconds * sampleRate);
  for (let i = 0; i < audio.length; i += size) yield audio.slice(i, i + size);
}
