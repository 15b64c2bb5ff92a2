// Vision: draw a digit (or pick a test digit) and see the example ViT plugin's guess. Shows that a
// third-party plugin (`attune-plugin-vision`) loads and runs in the browser like the built-in ones.
import { loadPredictor, type Predictor } from '@attune/core';
import { predictDigit, visionPlugin, type ImageInput, type ImagePrediction } from 'attune-plugin-vision';
import type { DemoModelEntry } from '../../shared/model-index.js';
import { describeDataset, type AppContext } from '../app-context.js';
import { el, errorText, ms, scoreBars } from '../ui.js';
import type { Tab } from './tab.js';

const SIDE = 28;
const SCALE = 8;

interface Sample {
  label: string;
  pixels: number[];
}

export const visionTab: Tab = {
  id: 'vision',
  title: 'Vision',
  render(panel, app) {
    const entry = app.models('vision')[0];
    if (!entry) {
      panel.append(el('p', { class: 'error' }, 'No vision model was prepared: run `npm run demo` from the repository root.'));
      return;
    }
    new VisionTab(panel, app, entry).mount();
  },
};

class VisionTab {
  private predictor: Promise<Predictor<ImageInput, ImagePrediction>> | undefined;
  private key = '';
  private readonly pad = el('canvas', { width: SIDE * SCALE, height: SIDE * SCALE, 'data-testid': 'digit-pad', style: 'background:#000;cursor:crosshair;touch-action:none' });
  private readonly out = el('div', { 'data-testid': 'vision-output' });

  constructor(
    private readonly panel: HTMLElement,
    private readonly app: AppContext,
    private readonly entry: DemoModelEntry,
  ) {}

  mount(): void {
    const clear = el('button', { 'data-testid': 'digit-clear' }, 'Clear');
    clear.addEventListener('click', () => this.clear());
    const guess = el('button', { class: 'primary', 'data-testid': 'digit-predict' }, 'Predict');
    guess.addEventListener('click', () => void this.predict());
    const samples = el('div', { class: 'row', 'data-testid': 'digit-samples' });
    this.panel.append(
      el('div', { class: 'card' },
        el('h2', {}, 'Draw a digit'),
        el('p', { class: 'muted' }, `${this.entry.title}: ${describeDataset(this.entry)} The model is the example plugin attune-plugin-vision (a small Vision Transformer written against @attune/core’s public plugin API).`),
        el('div', { class: 'grid2' }, el('div', {}, this.pad, el('p', { class: 'row' }, clear, guess), samples), this.out),
      ),
    );
    this.clear();
    this.enableDrawing();
    void this.app.loadJson<Sample[]>(this.entry, 'samples.json').then((list) => {
      samples.append(el('span', { class: 'muted' }, 'Test digits:'));
      list.forEach((s, i) => {
        const b = el('button', { class: 'item', 'data-testid': 'digit-sample', 'data-label': s.label }, s.label);
        b.addEventListener('click', () => {
          this.show(s.pixels);
          void this.predict();
        });
        if (i < 20) samples.append(b);
      });
    });
  }

  private clear(): void {
    const ctx = this.pad.getContext('2d')!;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, this.pad.width, this.pad.height);
  }

  private enableDrawing(): void {
    const ctx = this.pad.getContext('2d')!;
    let drawing = false;
    const at = (e: PointerEvent) => {
      const r = this.pad.getBoundingClientRect();
      return [((e.clientX - r.left) * this.pad.width) / r.width, ((e.clientY - r.top) * this.pad.height) / r.height] as const;
    };
    this.pad.addEventListener('pointerdown', (e) => {
      drawing = true;
      const [x, y] = at(e);
      ctx.beginPath();
      ctx.moveTo(x, y);
    });
    this.pad.addEventListener('pointermove', (e) => {
      if (!drawing) return;
      const [x, y] = at(e);
      ctx.strokeStyle = '#fff';
      ctx.lineWidth = SCALE * 2.2;
      ctx.lineCap = 'round';
      ctx.lineTo(x, y);
      ctx.stroke();
    });
    const stop = () => {
      if (drawing) void this.predict();
      drawing = false;
    };
    this.pad.addEventListener('pointerup', stop);
    this.pad.addEventListener('pointerleave', stop);
  }

  /** Paints 28×28 grey values (0-255) onto the pad. */
  private show(pixels: number[]): void {
    const ctx = this.pad.getContext('2d')!;
    for (let i = 0; i < SIDE * SIDE; i++) {
      const v = pixels[i]!;
      ctx.fillStyle = `rgb(${v},${v},${v})`;
      ctx.fillRect((i % SIDE) * SCALE, Math.floor(i / SIDE) * SCALE, SCALE, SCALE);
    }
  }

  /** The pad averaged down to 28×28 values in [0, 1], white ink on black like MNIST. */
  private pixels(): Float32Array {
    const data = this.pad.getContext('2d')!.getImageData(0, 0, this.pad.width, this.pad.height).data;
    const out = new Float32Array(SIDE * SIDE);
    for (let y = 0; y < this.pad.height; y++) {
      for (let x = 0; x < this.pad.width; x++) out[Math.floor(y / SCALE) * SIDE + Math.floor(x / SCALE)]! += data[(y * this.pad.width + x) * 4]! / 255 / (SCALE * SCALE);
    }
    return out;
  }

  private model(): Promise<Predictor<ImageInput, ImagePrediction>> {
    const key = this.app.device;
    if (!this.predictor || key !== this.key) {
      void this.predictor?.then((p) => p.release()).catch(() => undefined);
      this.key = key;
      this.predictor = this.app.loadArtifact(this.entry).then((a) => loadPredictor(visionPlugin, a, this.app.runtime()));
      this.predictor.catch(() => (this.predictor = undefined));
    }
    return this.predictor;
  }

  private async predict(): Promise<void> {
    try {
      const predictor = await this.model();
      const started = performance.now();
      const p = await predictDigit(predictor, this.pixels());
      const latency = performance.now() - started;
      this.out.replaceChildren(
        el('p', { class: 'result', 'data-testid': 'digit-label', 'data-label': String(p.digit) }, String(p.digit), el('span', { class: 'muted' }, `  ${(p.score * 100).toFixed(1)}%`)),
        el('p', { class: 'muted' }, `${ms(latency)} on ${predictor.device}`),
        scoreBars(Object.fromEntries(p.probabilities.map((v, d) => [String(d), v])), 10),
      );
    } catch (error) {
      this.out.replaceChildren(el('p', { class: 'error' }, errorText(error)));
    }
  }
}
