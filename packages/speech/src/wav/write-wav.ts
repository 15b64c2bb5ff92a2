import { InputError } from '@attune/core';

export interface WriteWavOptions {
  /** Store IEEE float (32 or 64 bits) instead of integer PCM. Default false. */
  float?: boolean;
  /** Write a WAVE_FORMAT_EXTENSIBLE header (as many multi-channel writers do). Default false. */
  extensible?: boolean;
}

/** Converts [-1, 1] to the integer PCM range with rounding and clipping (8-bit is unsigned). */
function quantise(x: number, bits: number): number {
  const scale = 2 ** (bits - 1);
  const q = Math.max(-scale, Math.min(scale - 1, Math.round(x * scale)));
  return bits === 8 ? q + 128 : q;
}

/**
 * Encodes one channel (a Float32Array) or several (an array of equally long ones, interleaved in
 * the file) as a RIFF/WAVE file. Mostly for tests and examples: readWav's round trip.
 */
export function writeWav(
  channelData: Float32Array | Float32Array[],
  sampleRate: number,
  bitsPerSample: 8 | 16 | 24 | 32 | 64 = 16,
  options: WriteWavOptions = {},
): Uint8Array {
  const channels = Array.isArray(channelData) ? channelData : [channelData];
  const numFrames = channels[0]?.length ?? 0;
  if (channels.length === 0 || channels.some((c) => c.length !== numFrames)) {
    throw new InputError('writeWav needs at least one channel, all of the same length');
  }
  const float = options.float ?? false;
  if (float ? bitsPerSample < 32 : bitsPerSample > 32) {
    throw new InputError(`writeWav cannot store ${float ? 'float' : 'PCM'} samples in ${bitsPerSample} bits`);
  }
  const bytesPerSample = bitsPerSample / 8;
  const dataSize = numFrames * channels.length * bytesPerSample;
  const fmtSize = options.extensible ? 40 : 16;
  const out = new Uint8Array(12 + 8 + fmtSize + 8 + dataSize + (dataSize % 2));
  const view = new DataView(out.buffer);
  const ascii = (offset: number, text: string) => [...text].forEach((ch, i) => view.setUint8(offset + i, ch.charCodeAt(0)));
  const tag = float ? 3 : 1;

  ascii(0, 'RIFF');
  view.setUint32(4, out.length - 8, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, fmtSize, true);
  view.setUint16(20, options.extensible ? 0xfffe : tag, true);
  view.setUint16(22, channels.length, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * channels.length * bytesPerSample, true);
  view.setUint16(32, channels.length * bytesPerSample, true);
  view.setUint16(34, bitsPerSample, true);
  if (options.extensible) {
    view.setUint16(36, 22, true); // cbSize
    view.setUint16(38, bitsPerSample, true); // valid bits
    view.setUint32(40, 0, true); // channel mask: unspecified
    view.setUint16(44, tag, true); // sub-format GUID 0000000x-0000-0010-8000-00aa00389b71
    out.set([0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71], 46);
  }
  const dataStart = 20 + fmtSize;
  ascii(dataStart, 'data');
  view.setUint32(dataStart + 4, dataSize, true);

  let p = dataStart + 8;
  for (let t = 0; t < numFrames; t++) {
    for (const channel of channels) {
      const x = channel[t]!;
      if (float && bitsPerSample === 64) view.setFloat64(p, x, true);
      else if (float) view.setFloat32(p, x, true);
      else if (bitsPerSample === 8) view.setUint8(p, quantise(x, 8));
      else if (bitsPerSample === 16) view.setInt16(p, quantise(x, 16), true);
      else if (bitsPerSample === 24) {
        const q = quantise(x, 24);
        view.setUint16(p, q & 0xffff, true);
        view.setInt8(p + 2, q >> 16);
      } else view.setInt32(p, quantise(x, 32), true);
      p += bytesPerSample;
    }
  }
  return out;
}
