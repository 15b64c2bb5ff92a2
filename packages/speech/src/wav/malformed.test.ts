import { inputErrorMessage } from '@attune/core/testing';
import { describe, expect, it } from 'vitest';
import { chunk, fmtBody, int16, riff, text } from '../test-support/wav-bytes.js';
import { readWav } from './read-wav.js';

const fmt16 = chunk('fmt ', fmtBody(1, 1, 8000, 16));
const audio = int16(0, 16384, -16384, 32767);

/** Asserts readWav rejects `bytes` with an InputError whose message contains `message`. */
function rejects(bytes: Uint8Array, message: string): void {
  expect(inputErrorMessage(() => readWav(bytes))).toContain(message);
}

describe('readWav rejects what it cannot read, naming what it found', () => {
  it.each([
    ['an empty input', new Uint8Array(0), 'not a RIFF/WAVE file (it is empty)'],
    ['a text file', text('hello, this is not audio at all'), "not a RIFF/WAVE file (starts with 'hell')"],
    ['a PDF', text('%PDF-1.7 ...........'), "not a RIFF/WAVE file (starts with '%PDF')"],
    ['a binary blob', Uint8Array.from([0, 1, 255, 10, 0, 0, 0, 0, 0, 0, 0, 0]), "starts with '\\x00\\x01\\xff\\x0a'"],
    ['a header cut short', text('RIFF'), "not a RIFF/WAVE file (starts with 'RIFF', 4 bytes)"],
    ['big-endian RIFX', text('RIFX\0\0\0\0WAVE'), "big-endian RIFX WAV files are not supported"],
    ['a RIFF file that is not WAVE', riff([], 'AVI '), "a RIFF file of type 'AVI ', not 'WAVE'"],
    ['MP3 in a WAV', riff([chunk('fmt ', fmtBody(0x55, 1, 8000, 0)), chunk('data', audio)]),
      'WAV format 0x0055 (MPEG Layer 3) is compressed; only PCM (1) and IEEE float (3) are supported'],
    ['an unknown format tag', riff([chunk('fmt ', fmtBody(0x1234, 1, 8000, 16)), chunk('data', audio)]), 'WAV format 0x1234 (unrecognised)'],
    ['a short fmt chunk', riff([chunk('fmt ', new Uint8Array(14)), chunk('data', audio)]), 'the fmt chunk is 14 bytes; expected at least 16'],
    ['a short extensible fmt chunk', riff([chunk('fmt ', fmtBody(0xfffe, 1, 8000, 16)), chunk('data', audio)]),
      'WAVE_FORMAT_EXTENSIBLE needs a 40-byte fmt chunk; found 16 bytes'],
    ['12-bit PCM', riff([chunk('fmt ', fmtBody(1, 1, 8000, 12)), chunk('data', audio)]), 'PCM WAV with 12 bits per sample; expected 8, 16, 24, 32'],
    ['16-bit float', riff([chunk('fmt ', fmtBody(3, 1, 8000, 16)), chunk('data', audio)]), 'IEEE float WAV with 16 bits per sample; expected 32, 64'],
    ['zero channels', riff([chunk('fmt ', fmtBody(1, 0, 8000, 16)), chunk('data', audio)]), 'declares 0 channels'],
    ['a zero sample rate', riff([chunk('fmt ', fmtBody(1, 1, 0, 16)), chunk('data', audio)]), 'sample rate of 0 Hz'],
    ['no fmt chunk', riff([chunk('LIST', text('INFO')), chunk('data', audio)]), "no 'fmt ' chunk in the WAV file (chunks found: 'LIST', 'data')"],
    ['no data chunk', riff([fmt16]), "no 'data' chunk in the WAV file (chunks found: 'fmt ')"],
    ['a truncated data chunk', riff([fmt16, chunk('data', new Uint8Array(1200), 88200)]), 'truncated: the data chunk claims 88200 bytes but 1200 remain'],
    ['a LIST chunk running past the end', riff([fmt16, chunk('LIST', text('INFO'), 5000)]), 'truncated: the LIST chunk claims 5000 bytes but 4 remain'],
    ['a chunk header cut off', riff([fmt16, text('dat')]), 'truncated: a chunk header at byte 36 needs 8 bytes but 3 remain'],
    ['a NaN in float data', riff([chunk('fmt ', fmtBody(3, 1, 8000, 32)), chunk('data', new Uint8Array(new Float32Array([0, NaN]).buffer))]),
      'WAV float data holds a non-finite value (NaN) in frame 1'],
  ])('%s', (_, bytes, message) => rejects(bytes, message));

  it('rejects input that is not a Uint8Array', () => {
    rejects('RIFF' as unknown as Uint8Array, 'readWav expects a Uint8Array; got [object String]');
  });
});

describe('readWav repairs what streaming writers and sloppy tools leave, with a warning', () => {
  it('reads a data size of 0xFFFFFFFF (unpatched streaming header) up to the end of the file', () => {
    const wav = readWav(riff([fmt16, chunk('data', audio, 0xffffffff)]));
    expect(Array.from(wav.samples)).toEqual([0, 0.5, -0.5, 32767 / 32768]);
    expect(wav.warnings).toContain('the data chunk claims 4294967295 bytes but 8 remain; read 8');
  });

  it('reads a data size of 0 followed by audio as the audio', () => {
    const wav = readWav(riff([fmt16, chunk('data', audio, 0)]));
    expect(wav.samples.length).toBe(4);
    expect(wav.warnings[0]).toContain('the data chunk claims 0 bytes but 8 follow');
  });

  it('reads a truncated data chunk when allowTruncated is set', () => {
    const wav = readWav(riff([fmt16, chunk('data', audio, 88200)]), { allowTruncated: true });
    expect(wav.samples.length).toBe(4);
    expect(wav.warnings).toContain('the data chunk claims 88200 bytes but 8 remain; read 8');
  });

  it('accepts an RF64 header whose sizes are placeholders', () => {
    const bytes = riff([fmt16, chunk('data', audio, 0xffffffff)]);
    bytes.set(text('RF64'));
    expect(readWav(bytes).samples.length).toBe(4);
  });

  it('skips odd-sized chunks with their pad byte, LIST chunks before data, and chunks after it', () => {
    const wav = readWav(riff([chunk('LIST', text('INFOodd')), fmt16, chunk('junk', text('x')), chunk('data', audio), chunk('id3 ', text('tag'))]));
    expect(Array.from(wav.samples)).toEqual([0, 0.5, -0.5, 32767 / 32768]);
    expect(wav.warnings).toEqual([]);
  });

  it('drops a partial frame at the end of the data', () => {
    const wav = readWav(riff([chunk('fmt ', fmtBody(1, 2, 8000, 16)), chunk('data', int16(100, 100, 200))]));
    expect(wav.samples.length).toBe(1);
    expect(wav.warnings).toContain('the data chunk (6 bytes) ends inside a 4-byte frame; dropped the partial frame');
  });

  it('ignores stray bytes after the last chunk and a RIFF size that lies', () => {
    const bytes = new Uint8Array([...riff([fmt16, chunk('data', audio)]), 1, 2, 3]);
    const wav = readWav(bytes);
    expect(wav.samples.length).toBe(4);
    expect(wav.warnings).toEqual(['the RIFF header claims 52 bytes but the file has 55', 'ignored 3 stray byte(s) after the last chunk']);
  });
});
