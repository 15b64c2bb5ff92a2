import type { Rng } from '@attune/core';

/** The speech synthesisers `attune synth` drives: programs installed on the machine, never bundled. */
export type SynthEngine = 'espeak-ng' | 'flite';
export const SYNTH_ENGINES: readonly SynthEngine[] = ['espeak-ng', 'flite'];

/** How to install the engines, for the error when none is found. */
export const INSTALL_HINT = 'Debian/Ubuntu: sudo apt-get install espeak-ng flite; macOS: brew install espeak-ng flite';

// espeak-ng's English accents and voice variants: many distinct (if robotic) voices.
const ESPEAK_ACCENTS = ['en-us', 'en-gb', 'en-gb-scotland', 'en-gb-x-gbclan', 'en-gb-x-rp', 'en-gb-x-gbcwmd', 'en-029'];
const ESPEAK_VARIANTS = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'klatt', 'klatt2', 'klatt3', 'Andy', 'Mike', 'adam', 'david', 'john', 'max', 'paul'];
// flite's built-in voices: fewer, but more natural.
const FLITE_VOICES = ['kal', 'kal16', 'awb', 'rms', 'slt'];
/** Share of clips from espeak-ng when both engines are there. */
const ESPEAK_SHARE = 0.75;

/** One synthesised take: the program, its arguments (before the text and output file) and a file-name tag. */
export interface VoiceDraw {
  engine: SynthEngine;
  args: string[];
  /** e.g. `espeak-enus-m3` or `flite-slt`: no underscores or path separators. */
  tag: string;
}

/**
 * A random voice, accent, pitch and rate for one take. The draws happen in the same order whatever
 * is installed (the engine is drawn first, then its settings), so a seed names one set of takes.
 */
export function drawVoice(rng: Rng, available: readonly SynthEngine[]): VoiceDraw {
  const pick = <T>(list: readonly T[]) => list[rng.int(list.length)]!;
  const between = (lo: number, hi: number) => lo + rng.next() * (hi - lo);
  const preferred: SynthEngine = rng.next() < ESPEAK_SHARE ? 'espeak-ng' : 'flite';
  const engine = available.includes(preferred) ? preferred : available[0]!;
  if (engine === 'espeak-ng') {
    const accent = pick(ESPEAK_ACCENTS);
    const variant = pick(ESPEAK_VARIANTS);
    const pitch = Math.round(between(15, 70));
    const speed = Math.round(between(110, 200));
    return { engine, args: ['-v', `${accent}+${variant}`, '-p', String(pitch), '-s', String(speed)], tag: `espeak-${accent.replace(/-/g, '')}-${variant.toLowerCase()}` };
  }
  const voice = pick(FLITE_VOICES);
  const stretch = between(0.8, 1.4).toFixed(2);
  const f0 = Math.round(between(85, 150));
  return { engine, args: ['-voice', voice, '--setf', `duration_stretch=${stretch}`, '--setf', `int_f0_target_mean=${f0}`], tag: `flite-${voice}` };
}
