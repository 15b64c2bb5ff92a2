import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { InputError } from '@attune/core';
import { readWav, resample, trimSilence } from '@attune/speech';
import { INSTALL_HINT, SYNTH_ENGINES, type SynthEngine, type VoiceDraw } from './voices.js';

const run = promisify(execFile);

/**
 * The engines that start on this machine, in SYNTH_ENGINES order: `<engine> --version` runs and
 * names itself (flite prints its version but exits with status 1, so the status is not the test).
 */
export async function installedEngines(): Promise<SynthEngine[]> {
  const found: SynthEngine[] = [];
  for (const engine of SYNTH_ENGINES) {
    const printed = await run(engine, ['--version'], { timeout: 10_000 }).then(
      (r) => r.stdout + r.stderr,
      (error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ''}${error.stderr ?? ''}`, // ENOENT: nothing printed
    );
    if (/espeak|flite/i.test(printed)) found.push(engine);
  }
  return found;
}

/** The engines to use: the ones asked for (each must be installed), or every installed one. */
export function chooseEngines(asked: readonly string[] | undefined, installed: readonly SynthEngine[]): SynthEngine[] {
  if (asked === undefined) {
    if (installed.length === 0) throw new InputError(`attune synth needs espeak-ng or flite on the PATH and found neither (${INSTALL_HINT}).`);
    return [...installed];
  }
  if (asked.length === 0) throw new InputError(`--engines lists no engines; give one or more of ${SYNTH_ENGINES.join(', ')}.`);
  for (const name of asked) {
    if (!(SYNTH_ENGINES as readonly string[]).includes(name)) throw new InputError(`--engines: unknown engine "${name}"; choose from ${SYNTH_ENGINES.join(', ')}.`);
    if (!installed.includes(name as SynthEngine)) throw new InputError(`--engines: ${name} is not installed or does not start (${INSTALL_HINT}).`);
  }
  return asked as SynthEngine[];
}

/**
 * One take of `text` in the drawn voice: synthesised to a WAV in `workDir`, resampled to
 * `sampleRate` and trimmed to the word (FSDD-style: 30 ms either side of the frames within 40 dB of
 * the loudest). The text goes through a file, so text starting with "-" is never read as an option.
 */
export async function synthesizeTake(text: string, voice: VoiceDraw, sampleRate: number, workDir: string): Promise<Float32Array> {
  const textFile = path.join(workDir, 'text.txt');
  const wavFile = path.join(workDir, 'take.wav');
  await writeFile(textFile, text);
  const io = voice.engine === 'espeak-ng' ? ['-w', wavFile, '-f', textFile] : ['-f', textFile, '-o', wavFile];
  try {
    await run(voice.engine, [...voice.args, ...io], { timeout: 60_000 });
  } catch (error) {
    const detail = (error as { stderr?: string }).stderr?.trim() || (error as Error).message;
    throw new Error(`${voice.engine} ${[...voice.args, ...io].join(' ')} failed: ${detail}`);
  }
  const wav = readWav(new Uint8Array(await readFile(wavFile)));
  const audio = trimSilence(resample(wav.samples, wav.sampleRate, sampleRate), sampleRate);
  if (!audio.some((v) => v !== 0)) throw new InputError(`${voice.engine} produced silence for ${JSON.stringify(text)}; is it a word it can say?`);
  return audio;
}
