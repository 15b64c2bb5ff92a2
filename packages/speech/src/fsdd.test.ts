import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resample } from './audio/resample.js';
import { mfcc } from './frontend/clip.js';
import { fsddRecordings } from './test-support/datasets.js';
import { readWav } from './wav/read-wav.js';

// The real recordings stay in the shared datasets folder (never in the repository).
describe('Free Spoken Digit Dataset', () => {
  const { dir, files } = fsddRecordings();
  console.log(`FSDD: ${files.length} recordings in ${dir}`);

  it('reads every recording: 8 kHz mono 16-bit, 0.1-2.5 s, no warnings', () => {
    expect(files.length).toBeGreaterThanOrEqual(2500);
    const problems: string[] = [];
    let seconds = 0;
    for (const file of files) {
      const wav = readWav(readFileSync(file));
      const duration = wav.samples.length / wav.sampleRate;
      seconds += duration;
      const ok = wav.sampleRate === 8000 && wav.channels === 1 && wav.bitsPerSample === 16 && duration > 0.1 && duration < 2.5;
      if (!ok || wav.warnings.length > 0) problems.push(`${path.basename(file)}: ${JSON.stringify({ ...wav, samples: duration })}`);
    }
    console.log(`FSDD: parsed ${files.length} files, ${seconds.toFixed(1)} s of audio`);
    expect(problems).toEqual([]);
  });

  it('turns every recording into finite MFCCs at 16 kHz', () => {
    for (const file of files) {
      const features = mfcc(resample(readWav(readFileSync(file)).samples, 8000, 16000));
      expect(features.numFrames, file).toBeGreaterThan(10);
      expect(features.data.every(Number.isFinite), file).toBe(true);
    }
  });
});
