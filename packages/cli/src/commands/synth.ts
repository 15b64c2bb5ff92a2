import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, InputError, Rng } from '@attune/core';
import { writeWav } from '@attune/speech';
import type { CommandContext } from '../context.js';
import { checkOutputDirectory } from '../output-paths.js';
import { chooseEngines, installedEngines, synthesizeTake } from '../synth/synthesize.js';
import { drawVoice } from '../synth/voices.js';

export interface SynthOptions {
  words: string;
  perWord: number;
  rate: number;
  seed: number;
  engines?: string;
}

export interface SynthWord {
  label: string;
  text: string;
}

/** `--words "0=zero,1=one"` or `--words "yes,no"` (the label is the text): the labels become folder names. */
export function parseWords(list: string): SynthWord[] {
  const words = list.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '').map((entry) => {
    const at = entry.indexOf('=');
    const label = (at < 0 ? entry : entry.slice(0, at)).trim();
    const text = (at < 0 ? entry : entry.slice(at + 1)).trim();
    if (label === '' || text === '') throw new InputError(`--words: "${entry}" needs a label and a text, e.g. "0=zero" or "yes".`);
    // eslint-disable-next-line no-control-regex
    if (/[/\\\u0000-\u001f]/.test(label) || label === '.' || label === '..') {
      throw new InputError(`--words: the label ${JSON.stringify(label)} becomes a folder name; use one without slashes or control characters.`);
    }
    return { label, text };
  });
  if (words.length === 0) throw new InputError('--words lists no words; give e.g. --words "yes,no" or --words "0=zero,1=one".');
  const seen = new Set<string>();
  for (const { label } of words) {
    if (seen.has(label)) throw new InputError(`--words names the label "${label}" twice.`);
    seen.add(label);
  }
  return words;
}

/**
 * `attune synth <out> --words ... --per-word N`: takes of each word in many synthetic voices
 * (espeak-ng and flite, installed separately), written as `<out>/<label>/synth-<voice>-<n>.wav`,
 * the folder layout `attune train speech --data` reads. Added to real recordings they widen the
 * range of voices a keyword spotter learns from (measured on FSDD: see @attune/speech's README).
 * Each file is written under a temporary name and renamed, so a stopped run leaves whole clips.
 * It needs no plugins or runtime, so it starts neither.
 */
export async function synthCommand(out: string, options: SynthOptions, ctx: Pick<CommandContext, 'reporter' | 'cwd'>): Promise<void> {
  const words = parseWords(options.words);
  const root = await checkOutputDirectory('<out>', out, ctx.cwd);
  if (options.rate < 4000 || options.rate > 96000) throw new ConfigError('--rate', options.rate, 'a sample rate from 4000 to 96000 Hz');
  const engines = chooseEngines(options.engines?.split(',').map((e) => e.trim()).filter(Boolean), await installedEngines());
  const rng = new Rng(options.seed);
  const work = await mkdtemp(path.join(os.tmpdir(), 'attune-synth-'));
  const started = performance.now();
  const task = ctx.reporter.task('synth', words.length * options.perWord);
  let seconds = 0;
  try {
    for (const { label, text } of words) {
      const dir = path.join(root, label);
      await mkdir(dir, { recursive: true });
      for (let n = 0; n < options.perWord; n++) {
        const voice = drawVoice(rng, engines);
        const audio = await synthesizeTake(text, voice, options.rate, work);
        const file = path.join(dir, `synth-${voice.tag}-${n}.wav`);
        await writeFile(`${file}.partial`, writeWav(audio, options.rate, 16));
        await rename(`${file}.partial`, file);
        seconds += audio.length / options.rate;
        task.tick(1);
      }
    }
  } finally {
    task.done();
    await rm(work, { recursive: true, force: true });
  }
  const clips = words.length * options.perWord;
  ctx.reporter.result(
    { out: root, clips, labels: words.map((w) => w.label), perWord: options.perWord, engines, sampleRate: options.rate, seed: options.seed, audioSeconds: seconds, seconds: (performance.now() - started) / 1000 },
    `wrote ${clips} clips (${words.length} words × ${options.perWord}, ${engines.join(' + ')}, ${options.rate} Hz, ${seconds.toFixed(0)} s of audio) to ${root}`,
  );
}
