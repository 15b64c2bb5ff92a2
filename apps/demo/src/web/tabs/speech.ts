// Speech: a clip from the microphone, a WAV file or a built-in sample → log-mel spectrogram and
// keyword scores; live detection on the microphone; enrol a new keyword from a few recordings.
import { KeywordSpotter, logMelSpectrogram, resample, type KeywordEvent } from '@attune/speech';
import { captureMicrophone, type MicrophoneCapture } from '@attune/web';
import type { DemoModelEntry } from '../../shared/model-index.js';
import { SYNTHETIC_DESCRIPTIONS, SYNTHETIC_RATE, syntheticClip, type SyntheticLabel } from '../../shared/synthetic-sounds.js';
import { describeDataset, type AppContext } from '../app-context.js';
import { clipFromFile, recordClip, wavDropZone, type Clip } from '../audio-input.js';
import { drawSpectrogram } from '../spectrogram.js';
import { el, errorText, ms, scoreBars } from '../ui.js';
import type { Tab } from './tab.js';

/** Labels that are not keywords (the synthetic set's noise class): never announced by live detection. */
const NOT_KEYWORDS = ['background'];

export const speechTab: Tab = {
  id: 'speech',
  title: 'Speech',
  render(panel, app) {
    const models = app.models('speech');
    if (models.length === 0) {
      panel.append(el('p', { class: 'error' }, 'No keyword model was prepared: run `npm run demo` from the repository root.'));
      return;
    }
    new SpeechTab(panel, app, models).mount();
  },
};

class SpeechTab {
  private spotter: Promise<KeywordSpotter> | undefined;
  private spotterKey = '';
  /** A spotter with enrolled words replaces the prepared one until the model or device changes. */
  private enrolled: KeywordSpotter | undefined;
  private capture: MicrophoneCapture | undefined;
  private readonly select: HTMLSelectElement;
  private readonly info = el('p', { class: 'muted', 'data-testid': 'speech-dataset' });
  private readonly labels = el('p', { class: 'muted', 'data-testid': 'speech-labels' });
  private readonly canvas = el('canvas', { width: 480, height: 160, 'data-testid': 'spectrogram' });
  private readonly out = el('div', { 'data-testid': 'speech-output' });
  private readonly events = el('ul', { 'data-testid': 'speech-events' });
  private readonly enrolClips: Clip[] = [];
  private readonly samples = el('div', { class: 'row' });

  constructor(
    private readonly panel: HTMLElement,
    private readonly app: AppContext,
    private readonly models: DemoModelEntry[],
  ) {
    this.select = el('select', { 'data-testid': 'speech-model' }, ...models.map((m) => el('option', { value: m.id }, m.title)));
  }

  mount(): void {
    this.select.addEventListener('change', () => this.modelChanged());
    this.app.onDeviceChange(() => this.modelChanged());
    this.panel.append(this.clipCard(), this.liveCard(), this.enrolCard());
    this.modelChanged();
  }

  private get entry(): DemoModelEntry {
    return this.models.find((m) => m.id === this.select.value)!;
  }

  private modelChanged(): void {
    void this.enrolled?.release();
    this.enrolled = undefined;
    this.info.textContent = describeDataset(this.entry);
    // the built-in samples are the synthetic set's sounds: offered only with the model trained on them
    this.samples.hidden = !this.entry.dataset.synthetic;
    void this.current().then((s) => this.showLabels(s), (e: unknown) => (this.labels.textContent = errorText(e)));
  }

  private current(): Promise<KeywordSpotter> {
    if (this.enrolled) return Promise.resolve(this.enrolled);
    const key = `${this.entry.id}/${this.app.device}`;
    if (!this.spotter || key !== this.spotterKey) {
      void this.spotter?.then((s) => s.release()).catch(() => undefined);
      this.spotterKey = key;
      this.spotter = this.app.loadArtifact(this.entry).then((a) => KeywordSpotter.load(a, this.app.runtime()));
      this.spotter.catch(() => (this.spotter = undefined));
    }
    return this.spotter;
  }

  private showLabels(spotter: KeywordSpotter): void {
    this.labels.textContent = `Keywords: ${spotter.labels.join(', ')}${this.enrolled ? ' (with your enrolled word)' : ''}`;
    this.labels.dataset['labels'] = spotter.labels.join(',');
  }

  private clipCard(): HTMLElement {
    const record = el('button', { class: 'primary', 'data-testid': 'speech-record' }, 'Record 1.5 s');
    record.addEventListener('click', async () => {
      record.disabled = true;
      this.out.replaceChildren(el('p', { class: 'muted' }, 'Recording…'));
      try {
        await this.classify(await recordClip(1.5));
      } catch (error) {
        this.out.replaceChildren(el('p', { class: 'error' }, errorText(error)));
      } finally {
        record.disabled = false;
      }
    });
    const drop = wavDropZone('Drop a WAV file here or pick one:', 'speech-file', false, (files) => {
      void clipFromFile(files[0]!).then((c) => this.classify(c), (e: unknown) => this.out.replaceChildren(el('p', { class: 'error' }, errorText(e))));
    });
    const samples = this.samples;
    samples.append(el('span', { class: 'muted' }, 'Synthetic samples:'));
    for (const label of ['rise', 'fall', 'double', 'hum', 'warble'] as SyntheticLabel[]) {
      const b = el('button', { class: 'item', title: SYNTHETIC_DESCRIPTIONS[label], 'data-testid': `speech-sample-${label}` }, label);
      b.addEventListener('click', () => {
        const audio = syntheticClip(label, 90_000 + Math.floor(Math.random() * 1000));
        void this.play(audio);
        void this.classify({ audio, sampleRate: SYNTHETIC_RATE, name: `synthetic ${label}` });
      });
      samples.append(b);
    }
    return el('div', { class: 'card' },
      el('h2', {}, 'Recognise a keyword'),
      el('div', { class: 'row' }, this.select),
      this.info,
      this.labels,
      el('div', { class: 'row' }, record, drop),
      samples,
      el('div', { class: 'grid2' }, el('div', {}, this.canvas, el('p', { class: 'muted' }, 'Log-mel spectrogram of the clip (time →, low bands at the bottom), from @attune/speech’s front-end at the model’s settings.')), this.out),
    );
  }

  private async classify(clip: Clip): Promise<void> {
    try {
      const spotter = await this.current();
      const { frontEnd } = spotter.state;
      const samples = clip.sampleRate === frontEnd.sampleRate ? clip.audio : resample(clip.audio, clip.sampleRate, frontEnd.sampleRate);
      drawSpectrogram(this.canvas, logMelSpectrogram(samples, frontEnd));
      const started = performance.now();
      const p = await spotter.predict({ audio: clip.audio, sampleRate: clip.sampleRate });
      const latency = performance.now() - started;
      this.out.replaceChildren(
        el('p', { class: 'result', 'data-testid': 'speech-label', 'data-label': p.label ?? '' }, p.label ?? `unknown (closest: ${p.best})`, el('span', { class: 'muted' }, `  ${(p.score * 100).toFixed(1)}%`)),
        el('p', { class: 'muted', 'data-testid': 'speech-latency' }, `${ms(latency)} on ${spotter.device} (front-end + model), ${clip.name}, ${(clip.audio.length / clip.sampleRate).toFixed(2)} s`),
        scoreBars(p.scores),
      );
    } catch (error) {
      this.out.replaceChildren(el('p', { class: 'error' }, errorText(error)));
    }
  }

  private async play(audio: Float32Array): Promise<void> {
    const context = new AudioContext({ sampleRate: SYNTHETIC_RATE });
    const buffer = context.createBuffer(1, audio.length, SYNTHETIC_RATE);
    buffer.copyToChannel(audio as Float32Array<ArrayBuffer>, 0);
    const source = context.createBufferSource();
    source.buffer = buffer;
    source.connect(context.destination);
    source.onended = () => void context.close();
    source.start();
  }

  private liveCard(): HTMLElement {
    const listen = el('button', { class: 'primary', 'data-testid': 'speech-listen' }, 'Listen');
    const status = el('span', { class: 'muted', 'data-testid': 'speech-live-status' });
    listen.addEventListener('click', async () => {
      if (this.capture) {
        await this.capture.stop();
        return;
      }
      this.events.replaceChildren();
      try {
        const spotter = await this.current();
        this.capture = await captureMicrophone({ chunkSeconds: 0.1 });
        listen.textContent = 'Stop';
        status.textContent = `Listening at ${this.capture.sampleRate} Hz on ${spotter.device}…`;
        const ignore = spotter.labels.filter((l) => NOT_KEYWORDS.includes(l));
        for await (const event of spotter.detect(this.capture, { sampleRate: this.capture.sampleRate, ignoreLabels: ignore })) this.announce(event);
        status.textContent = 'Stopped.';
      } catch (error) {
        status.textContent = errorText(error);
      } finally {
        await this.capture?.stop();
        this.capture = undefined;
        listen.textContent = 'Listen';
      }
    });
    return el('div', { class: 'card' },
      el('h2', {}, 'Detect keywords live'),
      el('p', { class: 'muted' }, 'A 1 s window slides over the microphone every 100 ms; smoothed scores above 0.7 fire a keyword.'),
      el('div', { class: 'row' }, listen, status),
      this.events,
    );
  }

  private announce(event: KeywordEvent): void {
    this.events.prepend(el('li', { 'data-label': event.label }, el('strong', {}, event.label), ` at ${event.time.toFixed(1)} s (${(event.score * 100).toFixed(0)}%)`));
    while (this.events.children.length > 12) this.events.lastElementChild!.remove();
  }

  private enrolCard(): HTMLElement {
    const name = el('input', { type: 'text', placeholder: 'new keyword, e.g. "lights"', 'data-testid': 'enrol-label', style: 'max-width:16rem' });
    const count = el('span', { class: 'muted', 'data-testid': 'enrol-count' }, '0 recordings');
    const status = el('p', { class: 'muted', 'data-testid': 'enrol-status' });
    const update = () => (count.textContent = `${this.enrolClips.length} recording${this.enrolClips.length === 1 ? '' : 's'}`);
    const record = el('button', { 'data-testid': 'enrol-record' }, 'Record a sample (1.5 s)');
    record.addEventListener('click', async () => {
      record.disabled = true;
      try {
        this.enrolClips.push(await recordClip(1.5));
        update();
      } catch (error) {
        status.textContent = errorText(error);
      } finally {
        record.disabled = false;
      }
    });
    const drop = wavDropZone('or WAV files:', 'enrol-files', true, (files) => {
      void Promise.all(files.map(clipFromFile)).then((clips) => {
        this.enrolClips.push(...clips);
        update();
      }, (e: unknown) => (status.textContent = errorText(e)));
    });
    const clear = el('button', {}, 'Clear');
    clear.addEventListener('click', () => {
      this.enrolClips.length = 0;
      update();
    });
    const enrol = el('button', { class: 'primary', 'data-testid': 'enrol' }, 'Enrol');
    enrol.addEventListener('click', async () => {
      enrol.disabled = true;
      status.classList.remove('error');
      status.textContent = `Enrolling "${name.value.trim()}" from ${this.enrolClips.length} recordings…`;
      const started = performance.now();
      try {
        const base = await this.current();
        this.enrolled = await base.enrol(name.value.trim(), this.enrolClips);
        status.textContent = `Enrolled "${name.value.trim()}" in ${((performance.now() - started) / 1000).toFixed(1)} s. Try it above or listen live.`;
        status.dataset['done'] = 'true';
        this.showLabels(this.enrolled);
      } catch (error) {
        status.textContent = errorText(error);
        status.classList.add('error');
      } finally {
        enrol.disabled = false;
      }
    });
    return el('div', { class: 'card' },
      el('h2', {}, 'Enrol your own keyword'),
      el('p', { class: 'muted' }, 'Say a new word 3–10 times (or drop WAV files of it). The encoder stays as trained; a new classifier head is fitted in this tab on its embeddings and those the model keeps of its keywords.'),
      el('div', { class: 'row' }, name, record, drop, clear, count),
      el('p', {}, enrol),
      status,
    );
  }
}
