import type { EpochSummary } from '@attune/core';

/** One line of the chart: a name, a colour, and a y value per x (undefined leaves a gap). */
interface Series {
  name: string;
  color: string;
  points: Array<[number, number]>;
  /** Plotted on the right axis, scaled 0..1 (metrics such as accuracy). */
  right?: boolean;
}

const W = 640;
const H = 360;
const M = { left: 56, right: 56, top: 28, bottom: 44 };
const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b'];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const num = (n: number) => (Math.round(n * 100) / 100).toString();

/**
 * The training curve as a small self-contained SVG: per-batch training loss (thin), per-epoch
 * training and validation loss on the left axis, validation metrics in [0, 1] on the right axis.
 * Non-finite values are left out rather than drawn, so a bad epoch cannot break the picture.
 */
export function trainingCurveSvg(history: readonly EpochSummary[], batchLosses: ReadonlyArray<[number, number]> = []): string {
  const series: Series[] = [];
  if (batchLosses.length) series.push({ name: 'batch loss', color: '#aec7e8', points: batchLosses.filter(([, y]) => Number.isFinite(y)).map(([x, y]) => [x, y]) });
  series.push({ name: 'train loss', color: COLORS[0]!, points: history.map((h) => [h.epoch + 1, h.trainLoss]) });
  if (history.some((h) => h.valLoss !== undefined)) {
    series.push({ name: 'val loss', color: COLORS[1]!, points: history.filter((h) => h.valLoss !== undefined).map((h) => [h.epoch + 1, h.valLoss!]) });
  }
  const metricNames = [...new Set(history.flatMap((h) => Object.keys(h.metrics)))].filter((k) =>
    history.every((h) => h.metrics[k] === undefined || (h.metrics[k]! >= 0 && h.metrics[k]! <= 1)),
  );
  metricNames.forEach((name, i) =>
    series.push({ name, color: COLORS[(i + 2) % COLORS.length]!, right: true, points: history.filter((h) => h.metrics[name] !== undefined).map((h) => [h.epoch + 1, h.metrics[name]!]) }),
  );
  for (const s of series) s.points = s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));

  const left = series.filter((s) => !s.right).flatMap((s) => s.points.map(([, y]) => y));
  const xs = series.flatMap((s) => s.points.map(([x]) => x));
  const xMax = Math.max(1, ...xs);
  const yMax = left.length ? Math.max(...left) * 1.05 || 1 : 1;
  const px = (x: number) => M.left + (x / xMax) * (W - M.left - M.right);
  const pyL = (y: number) => H - M.bottom - (Math.max(0, y) / yMax) * (H - M.top - M.bottom);
  const pyR = (y: number) => H - M.bottom - y * (H - M.top - M.bottom);

  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`);
  parts.push(`<title>Training curve</title><rect width="${W}" height="${H}" fill="white"/>`);
  // axes and ticks
  parts.push(`<path d="M${M.left} ${M.top}V${H - M.bottom}H${W - M.right}" stroke="#333" fill="none"/>`);
  for (let i = 0; i <= 4; i++) {
    const y = (yMax * i) / 4;
    parts.push(`<text x="${M.left - 6}" y="${num(pyL(y) + 4)}" text-anchor="end">${y.toPrecision(3)}</text>`);
    if (metricNames.length) parts.push(`<text x="${W - M.right + 6}" y="${num(pyR(i / 4) + 4)}">${(i / 4).toFixed(2)}</text>`);
  }
  const epochs = history.length;
  for (let e = 1; e <= epochs; e += Math.max(1, Math.ceil(epochs / 10))) {
    parts.push(`<text x="${num(px(e))}" y="${H - M.bottom + 16}" text-anchor="middle">${e}</text>`);
  }
  parts.push(`<text x="${(M.left + W - M.right) / 2}" y="${H - 8}" text-anchor="middle">epoch</text>`);
  parts.push(`<text x="14" y="${M.top - 10}">loss</text>`);
  if (metricNames.length) parts.push(`<text x="${W - M.right}" y="${M.top - 10}">metric</text>`);
  for (const s of series) {
    if (s.points.length === 0) continue;
    const py = s.right ? pyR : pyL;
    const d = s.points.map(([x, y], i) => `${i ? 'L' : 'M'}${num(px(x))} ${num(py(y))}`).join('');
    parts.push(`<path d="${d}" stroke="${s.color}" stroke-width="${s.name === 'batch loss' ? 1 : 2}" fill="none"><title>${esc(s.name)}</title></path>`);
    if (s.name !== 'batch loss') for (const [x, y] of s.points) parts.push(`<circle cx="${num(px(x))}" cy="${num(py(y))}" r="2.5" fill="${s.color}"/>`);
  }
  series.forEach((s, i) => {
    const y = M.top + 4 + i * 14;
    parts.push(`<rect x="${W - M.right - 120}" y="${y - 8}" width="10" height="10" fill="${s.color}"/><text x="${W - M.right - 106}" y="${y + 1}">${esc(s.name)}</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
