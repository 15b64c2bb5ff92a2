// Reads a labelled folder of WAV files for the benches. Two layouts:
// - FSDD: files named `<label>_<speaker>_<n>.wav` (in the folder itself or its `recordings/` subfolder);
// - one subfolder per label (`yes/a.wav`, `no/b.wav`); the speaker is unknown ('?').
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { readWav } from '@attune/speech';

const FSDD_NAME = /^([^_]+)_([^_]+)_(\d+)\.wav$/i;

export function readDataset(dir) {
  if (!existsSync(dir)) throw new Error(`No dataset folder at ${dir}`);
  const recordings = path.join(dir, 'recordings');
  const flat = (d) => readdirSync(d).filter((f) => FSDD_NAME.test(f));
  if (flat(dir).length === 0 && existsSync(recordings) && flat(recordings).length > 0) return readDataset(recordings);
  const clips = [];
  const read = (file, label, speaker) => {
    const wav = readWav(readFileSync(file));
    clips.push({ audio: wav.samples, sampleRate: wav.sampleRate, label, speaker, file });
  };
  for (const f of flat(dir).sort()) {
    const [, label, speaker] = FSDD_NAME.exec(f);
    read(path.join(dir, f), label, speaker);
  }
  for (const sub of readdirSync(dir).sort()) {
    const p = path.join(dir, sub);
    if (!statSync(p).isDirectory() || sub.startsWith('.') || sub.startsWith('_')) continue;
    for (const f of readdirSync(p).filter((x) => x.toLowerCase().endsWith('.wav')).sort()) read(path.join(p, f), sub, '?');
  }
  if (clips.length === 0) throw new Error(`${dir} holds no FSDD-named WAV files and no label folders of WAV files`);
  return clips;
}
