// Draws a log-mel spectrogram (frames left to right, low mel bands at the bottom) on a canvas.
import type { FeatureMatrix } from '@attune/speech';

export function drawSpectrogram(canvas: HTMLCanvasElement, features: FeatureMatrix): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const { data, numFrames, numFeatures } = features;
  let min = Infinity;
  let max = -Infinity;
  for (const v of data) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  // the top 60 dB-ish of the range: quieter detail is noise
  const floor = Math.max(min, max - 8);
  const image = ctx.createImageData(numFrames, numFeatures);
  for (let t = 0; t < numFrames; t++) {
    for (let m = 0; m < numFeatures; m++) {
      const v = Math.max(0, Math.min(1, (data[t * numFeatures + m]! - floor) / (max - floor || 1)));
      const [r, g, b] = ramp(v);
      const at = ((numFeatures - 1 - m) * numFrames + t) * 4;
      image.data[at] = r;
      image.data[at + 1] = g;
      image.data[at + 2] = b;
      image.data[at + 3] = 255;
    }
  }
  const off = document.createElement('canvas');
  off.width = numFrames;
  off.height = numFeatures;
  off.getContext('2d')!.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(off, 0, 0, canvas.width, canvas.height);
  canvas.dataset['frames'] = String(numFrames);
}

/** Dark blue → teal → yellow (a viridis-like ramp). */
function ramp(v: number): [number, number, number] {
  const stops: [number, number, number][] = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
  const x = v * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const a = stops[i]!;
  const b = stops[i + 1]!;
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}
