// Tiny DOM helpers and the two charts the app draws (score bars, loss curve): no UI framework.

type Attrs = Record<string, string | number | boolean | undefined>;

/** `el('button', { class: 'primary', 'data-testid': 'go' }, 'Go')` */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    node.setAttribute(k, v === true ? '' : String(v));
  }
  node.append(...children);
  return node;
}

/** Horizontal bars of class scores, best first, at most `limit` rows. */
export function scoreBars(scores: Record<string, number>, limit = 8): HTMLElement {
  const rows = Object.entries(scores).sort((a, b) => b[1] - a[1]).slice(0, limit);
  const box = el('div', { class: 'bars', 'data-testid': 'score-bars' });
  rows.forEach(([label, p], i) => {
    const bar = el('div', { class: i === 0 ? 'bar top' : 'bar', style: `width:${(p * 100).toFixed(1)}%` });
    box.append(el('span', {}, label), el('div', {}, bar), el('span', { class: 'muted' }, `${(p * 100).toFixed(1)}%`));
  });
  return box;
}

/** A line chart of a loss series on a canvas, redrawn on every new point. */
export class LossChart {
  readonly canvas: HTMLCanvasElement;
  private readonly points: number[] = [];

  constructor(width = 420, height = 160) {
    this.canvas = el('canvas', { width, height, 'data-testid': 'loss-chart' });
  }

  reset(): void {
    this.points.length = 0;
    this.draw();
  }

  push(loss: number): void {
    this.points.push(loss);
    this.draw();
  }

  get length(): number {
    return this.points.length;
  }

  private draw(): void {
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    const { width, height } = this.canvas;
    ctx.clearRect(0, 0, width, height);
    ctx.fillStyle = '#6b7285';
    ctx.font = '11px system-ui';
    ctx.fillText('training loss', 8, 14);
    if (this.points.length < 2) return;
    const max = Math.max(...this.points);
    const pad = 20;
    ctx.fillText(max.toFixed(2), 8, pad + 8);
    ctx.fillText('0', 8, height - 6);
    ctx.strokeStyle = '#3457d5';
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    this.points.forEach((v, i) => {
      const x = 36 + ((width - 44) * i) / (this.points.length - 1);
      const y = height - pad - ((height - 2 * pad) * v) / (max || 1);
      if (i === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    });
    ctx.stroke();
  }
}

/** Milliseconds, to one decimal. */
export function ms(value: number): string {
  return `${value.toFixed(1)} ms`;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
