import { InputError } from '@attune/core';
import type { WavFormat } from './wav-format.js';

/** Reads sample `i` (little-endian) of the view as a number in [-1, 1) (integers) or as stored (float). */
function sampleReader(view: DataView, { format, bitsPerSample }: WavFormat): (i: number) => number {
  if (format === 'float') {
    return bitsPerSample === 64 ? (i) => view.getFloat64(i * 8, true) : (i) => view.getFloat32(i * 4, true);
  }
  switch (bitsPerSample) {
    case 8: // 8-bit WAV is unsigned, centred on 128
      return (i) => (view.getUint8(i) - 128) / 128;
    case 16:
      return (i) => view.getInt16(i * 2, true) / 32768;
    case 24:
      return (i) => {
        const lowWord = view.getUint16(i * 3, true);
        return ((view.getInt8(i * 3 + 2) << 16) | lowWord) / 8388608;
      };
    default:
      return (i) => view.getInt32(i * 4, true) / 2147483648;
  }
}

/**
 * Decodes interleaved frames and mixes the channels to mono by averaging them. A float file may
 * hold values beyond ±1 (passed through); a NaN or infinity is a corrupt file and rejected.
 */
export function decodeToMono(data: Uint8Array, fmt: WavFormat, numFrames: number): Float32Array {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const read = sampleReader(view, fmt);
  const { channels } = fmt;
  const mono = new Float32Array(numFrames);
  for (let t = 0; t < numFrames; t++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += read(t * channels + c);
    if (!Number.isFinite(sum)) {
      throw new InputError(`WAV float data holds a non-finite value (${sum}) in frame ${t}`);
    }
    mono[t] = sum / channels;
  }
  return mono;
}
