import { InputError } from '@attune/core';
import { decodeToMono } from './decode-samples.js';
import { fourCC, readChunks } from './riff-chunks.js';
import { parseFormat, type WavSampleFormat } from './wav-format.js';

/** A decoded WAV file. */
export interface WavAudio {
  sampleRate: number;
  /** Channels in the file; `samples` is their average. */
  channels: number;
  bitsPerSample: number;
  format: WavSampleFormat;
  /** Mono samples: integer formats map to [-1, 1); float data is passed through as stored. */
  samples: Float32Array;
  /** Problems that were repaired rather than rejected (lying sizes, stray bytes), in plain words. */
  warnings: string[];
}

export interface ReadWavOptions {
  /**
   * Read what is there when the data chunk claims more bytes than the file holds (a cut-off
   * download or recording) instead of throwing; a warning says so. Default false.
   */
  allowTruncated?: boolean;
}

/**
 * Decodes a RIFF/WAVE file: PCM 8/16/24/32-bit or IEEE float 32/64-bit, plain or
 * WAVE_FORMAT_EXTENSIBLE, any channel count (mixed to mono) and sample rate. Anything else throws
 * an `InputError` that names what was found. Sizes left as 0xFFFFFFFF by streaming writers are
 * clamped to the bytes present and reported in `warnings`.
 */
export function readWav(bytes: Uint8Array, options: ReadWavOptions = {}): WavAudio {
  if (!(bytes instanceof Uint8Array)) {
    throw new InputError(`readWav expects a Uint8Array; got ${Object.prototype.toString.call(bytes)}`);
  }
  if (bytes.length === 0) throw new InputError('not a RIFF/WAVE file (it is empty)');
  const magic = fourCC(bytes, 0);
  if (bytes.length < 12 || (magic !== 'RIFF' && magic !== 'RF64') || fourCC(bytes, 8) !== 'WAVE') {
    if (magic === 'RIFX') throw new InputError('big-endian RIFX WAV files are not supported (starts with \'RIFX\')');
    if (magic === 'RIFF' && bytes.length >= 12) {
      throw new InputError(`a RIFF file of type '${fourCC(bytes, 8)}', not 'WAVE'`);
    }
    throw new InputError(`not a RIFF/WAVE file (starts with '${magic}'${bytes.length < 12 ? `, ${bytes.length} bytes` : ''})`);
  }

  const warnings: string[] = [];
  const riffEnd = new DataView(bytes.buffer, bytes.byteOffset).getUint32(4, true) + 8;
  if (magic === 'RIFF' && riffEnd !== bytes.length) {
    warnings.push(`the RIFF header claims ${riffEnd} bytes but the file has ${bytes.length}`);
  }
  const chunks = readChunks(bytes, options.allowTruncated ?? false, warnings);
  const fmtChunk = chunks.find((c) => c.id === 'fmt ');
  const dataChunk = chunks.find((c) => c.id === 'data');
  const found = chunks.map((c) => `'${c.id}'`).join(', ') || 'none';
  if (!fmtChunk) throw new InputError(`no 'fmt ' chunk in the WAV file (chunks found: ${found})`);
  if (!dataChunk) throw new InputError(`no 'data' chunk in the WAV file (chunks found: ${found})`);

  const fmt = parseFormat(bytes, fmtChunk);
  const frameBytes = (fmt.bitsPerSample / 8) * fmt.channels;
  const numFrames = Math.floor(dataChunk.size / frameBytes);
  if (numFrames * frameBytes !== dataChunk.size) {
    warnings.push(`the data chunk (${dataChunk.size} bytes) ends inside a ${frameBytes}-byte frame; dropped the partial frame`);
  }
  const data = bytes.subarray(dataChunk.offset, dataChunk.offset + numFrames * frameBytes);
  return { ...fmt, samples: decodeToMono(data, fmt, numFrames), warnings };
}
