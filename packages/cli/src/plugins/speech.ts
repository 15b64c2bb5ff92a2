import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '@attune/core';
import { keywordSpotterPlugin, readWav, type AudioClip, type KeywordExample } from '@attune/speech';
import { readTextFile } from '../data/text-file.js';
import { parseJsonText, type CliAdapter, type DataOptions } from './adapter.js';
import { finiteFloat32Array } from './json-input.js';

/** Largest WAV file read (bytes): keyword clips are seconds long; this bounds a lying or huge file. */
export const MAX_WAV_BYTES = 64 * 1024 * 1024;

/** Decodes one WAV file to a clip, naming the file in any error. */
export async function readClip(file: string): Promise<AudioClip> {
  const info = await stat(file);
  if (!info.isFile()) throw new InputError(`${file} is not a file.`);
  if (info.size > MAX_WAV_BYTES) throw new InputError(`${file} has ${info.size} bytes; WAV files over ${MAX_WAV_BYTES} bytes are refused.`);
  const bytes = await readFile(file);
  try {
    const wav = readWav(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    if (wav.samples.length === 0) throw new InputError('it holds no samples');
    for (const s of wav.samples) if (!Number.isFinite(s)) throw new InputError('it holds samples that are not finite numbers (NaN or infinity)');
    return { audio: wav.samples, sampleRate: wav.sampleRate };
  } catch (error) {
    throw new InputError(`${file}: ${(error as Error).message}`);
  }
}

/**
 * Labelled clips: a directory with one sub-directory of WAV files per label (`yes/001.wav`), or a
 * list file with one `path<TAB>label` (or `path,label`) per line, paths relative to the list file.
 */
async function readLabelledClips(target: string, options: DataOptions): Promise<KeywordExample[]> {
  const info = await stat(target);
  const pairs: Array<{ file: string; label: string; line?: number }> = [];
  if (info.isDirectory()) {
    for (const label of (await readdir(target)).sort()) {
      const dir = path.join(target, label);
      if (!(await stat(dir)).isDirectory()) continue;
      for (const name of (await readdir(dir)).sort()) if (/\.wav$/i.test(name)) pairs.push({ file: path.join(dir, name), label });
    }
    if (pairs.length === 0) throw new InputError(`${target} holds no <label>/<clip>.wav files; make one folder of WAV files per label.`);
  } else {
    const lines = (await readTextFile(target, options['encoding'])).split('\n');
    lines.forEach((raw, i) => {
      const line = raw.replace(/\r$/, '');
      if (line.trim() === '' || line.startsWith('#')) return;
      const sep = line.includes('\t') ? '\t' : ',';
      const at = line.lastIndexOf(sep);
      const file = line.slice(0, at).trim();
      const label = line.slice(at + 1).trim();
      if (at <= 0 || file === '' || label === '') throw new InputError(`${target}:${i + 1}: expected "path<TAB>label" (or "path,label"); got ${JSON.stringify(line.slice(0, 80))}.`);
      pairs.push({ file: path.resolve(path.dirname(target), file), label, line: i + 1 });
    });
    if (pairs.length === 0) throw new InputError(`${target} lists no clips; write one "path<TAB>label" per line.`);
  }
  const examples: KeywordExample[] = [];
  for (const { file, label, line } of pairs) {
    const clip = await readClip(file).catch((error: NodeJS.ErrnoException) => {
      // a list line naming a missing file: say which line (the ENOENT alone names only the path)
      if (line !== undefined && (error.code === 'ENOENT' || error.code === 'ENOTDIR')) {
        throw new InputError(`${target}:${line}: ${file} does not exist (paths in a list file are relative to it).`);
      }
      throw error;
    });
    examples.push({ ...clip, label, source: file }); // errors about the clip name its file
  }
  return examples;
}

export const speechAdapter: CliAdapter<KeywordExample, AudioClip> = {
  task: 'speech',
  description: 'keyword spotting in short WAV clips (log-mel + Keyword Transformer)',
  plugin: keywordSpotterPlugin,
  dataHelp: 'a folder with one sub-folder of .wav files per label, or a list file of "path<TAB>label" lines',
  source: 'built-in',
  trainDefaults: { epochs: 20, batchSize: 32, learningRate: 2e-3 },
  readExamples: (target, options) => readLabelledClips(target, options),
  async parseInput(line) {
    // a path to a WAV file, or {"path": "..."}
    const trimmed = line.trim();
    let file = trimmed;
    if (trimmed.startsWith('{')) {
      const value = parseJsonText(trimmed, 'An input line') as { path?: unknown };
      if (typeof value.path !== 'string') throw new InputError('A JSON input line needs a "path" to a WAV file, e.g. {"path": "clip.wav"}.');
      file = value.path;
    }
    if (file === '') throw new InputError('An input line is empty; give the path of a WAV file.');
    return readClip(file);
  },
  fromJson(value) {
    // {"wav": "<base64 WAV bytes>"} or {"audio": [samples], "sampleRate": 16000}
    const v = (typeof value === 'object' && value !== null ? value : {}) as { wav?: unknown; audio?: unknown; sampleRate?: unknown };
    if (typeof v.wav === 'string') {
      const wav = readWav(new Uint8Array(Buffer.from(v.wav, 'base64')));
      return { audio: wav.samples, sampleRate: wav.sampleRate };
    }
    if (v.audio !== undefined) {
      if (!(typeof v.sampleRate === 'number' && Number.isInteger(v.sampleRate) && v.sampleRate > 0)) {
        throw new InputError(`"sampleRate" must be a positive integer (Hz) next to "audio"; got ${JSON.stringify(v.sampleRate) ?? 'none'}.`);
      }
      return { audio: finiteFloat32Array(v.audio, 'audio'), sampleRate: v.sampleRate };
    }
    throw new InputError('A speech input is {"wav": "<base64 WAV>"} or {"audio": [samples], "sampleRate": 16000}.');
  },
  inputOf: (example) => ({ audio: example.audio, sampleRate: example.sampleRate }),
};
