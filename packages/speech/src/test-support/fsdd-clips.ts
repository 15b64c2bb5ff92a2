import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readWav } from '../wav/read-wav.js';
import { fsddRecordings } from './datasets.js';

/** One FSDD recording: `<digit>_<speaker>_<n>.wav`, read at its own 8 kHz rate. */
export interface FsddClip {
  audio: Float32Array;
  sampleRate: number;
  label: string;
  speaker: string;
  take: number;
}

/** FSDD clips whose digit, speaker and take pass `keep` (parsed from the file name before reading). */
export function fsddClips(keep: (digit: string, speaker: string, take: number) => boolean): FsddClip[] {
  return fsddRecordings()
    .files.map((file) => ({ file, parts: path.basename(file, '.wav').split('_') }))
    .filter(({ parts: [d, s, n] }) => keep(d!, s!, Number(n)))
    .map(({ file, parts: [d, s, n] }) => {
      const wav = readWav(readFileSync(file));
      return { audio: wav.samples, sampleRate: wav.sampleRate, label: d!, speaker: s!, take: Number(n) };
    });
}
