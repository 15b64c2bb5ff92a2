import { InputError } from '@attune/core';
import type { RiffChunk } from './riff-chunks.js';

/** Sample encodings readWav decodes: integer PCM or IEEE float. */
export type WavSampleFormat = 'pcm' | 'float';

export interface WavFormat {
  format: WavSampleFormat;
  channels: number;
  sampleRate: number;
  /** Bits of each stored sample (the container size for WAVE_FORMAT_EXTENSIBLE). */
  bitsPerSample: number;
}

const PCM = 0x0001;
const IEEE_FLOAT = 0x0003;
const EXTENSIBLE = 0xfffe;

/** Common compressed or otherwise unsupported format tags (from Microsoft's mmreg.h). */
const FORMAT_NAMES: Record<number, string> = {
  0x0000: 'unknown',
  0x0002: 'Microsoft ADPCM',
  0x0006: 'A-law',
  0x0007: 'mu-law',
  0x0011: 'IMA ADPCM',
  0x0031: 'GSM 6.10',
  0x0050: 'MPEG',
  0x0055: 'MPEG Layer 3',
  0x00ff: 'AAC',
  0x1610: 'HE-AAC',
  0x674f: 'Ogg Vorbis',
  0xf1ac: 'FLAC',
};

const hex = (tag: number) => `0x${tag.toString(16).padStart(4, '0')}`;

/** Reads and validates the `fmt ` chunk, resolving WAVE_FORMAT_EXTENSIBLE to its sub-format. */
export function parseFormat(bytes: Uint8Array, chunk: RiffChunk): WavFormat {
  if (chunk.size < 16) throw new InputError(`the fmt chunk is ${chunk.size} bytes; expected at least 16`);
  const view = new DataView(bytes.buffer, bytes.byteOffset + chunk.offset, chunk.size);
  let tag = view.getUint16(0, true);
  const channels = view.getUint16(2, true);
  const sampleRate = view.getUint32(4, true);
  const bitsPerSample = view.getUint16(14, true);
  if (tag === EXTENSIBLE) {
    if (chunk.size < 40) {
      throw new InputError(`WAVE_FORMAT_EXTENSIBLE needs a 40-byte fmt chunk; found ${chunk.size} bytes`);
    }
    tag = view.getUint16(24, true); // the sub-format GUID starts with the plain format tag
  }
  if (tag !== PCM && tag !== IEEE_FLOAT) {
    const name = FORMAT_NAMES[tag] ?? 'unrecognised';
    throw new InputError(`WAV format ${hex(tag)} (${name}) is compressed; only PCM (1) and IEEE float (3) are supported`);
  }
  const format: WavSampleFormat = tag === PCM ? 'pcm' : 'float';
  const validBits = format === 'pcm' ? [8, 16, 24, 32] : [32, 64];
  if (!validBits.includes(bitsPerSample)) {
    throw new InputError(`${format === 'pcm' ? 'PCM' : 'IEEE float'} WAV with ${bitsPerSample} bits per sample; expected ${validBits.join(', ')}`);
  }
  if (channels === 0) throw new InputError('WAV fmt chunk declares 0 channels');
  if (sampleRate === 0) throw new InputError('WAV fmt chunk declares a sample rate of 0 Hz');
  return { format, channels, sampleRate, bitsPerSample };
}
