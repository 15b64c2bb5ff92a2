// Audio into the speech tab: WAV files (drop or pick) and short microphone recordings.
import { readWav } from '@attune/speech';
import { captureMicrophone } from '@attune/web';

export interface Clip {
  audio: Float32Array;
  sampleRate: number;
  /** Where it came from, for the UI. */
  name: string;
}

export async function clipFromFile(file: File): Promise<Clip> {
  const wav = readWav(new Uint8Array(await file.arrayBuffer()));
  return { audio: wav.samples, sampleRate: wav.sampleRate, name: file.name };
}

/** Records `seconds` of microphone audio (the browser asks for permission the first time). */
export async function recordClip(seconds: number): Promise<Clip> {
  const capture = await captureMicrophone({ chunkSeconds: 0.1 });
  const chunks: Float32Array[] = [];
  let total = 0;
  try {
    for await (const chunk of capture) {
      chunks.push(chunk);
      total += chunk.length;
      if (total >= seconds * capture.sampleRate) break;
    }
  } finally {
    await capture.stop();
  }
  const audio = new Float32Array(total);
  let at = 0;
  for (const c of chunks) {
    audio.set(c, at);
    at += c.length;
  }
  return { audio, sampleRate: capture.sampleRate, name: `recording (${seconds} s)` };
}

/** A drop zone plus a file picker that hand WAV files to `onFiles`. */
export function wavDropZone(label: string, testId: string, multiple: boolean, onFiles: (files: File[]) => void): HTMLElement {
  const input = document.createElement('input');
  input.type = 'file';
  input.accept = '.wav,audio/wav';
  input.multiple = multiple;
  input.dataset['testid'] = testId;
  input.addEventListener('change', () => {
    if (input.files?.length) onFiles([...input.files]);
    input.value = '';
  });
  const zone = document.createElement('div');
  zone.className = 'drop';
  zone.append(`${label} `, input);
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    const files = [...(e.dataTransfer?.files ?? [])];
    if (files.length) onFiles(files);
  });
  return zone;
}
