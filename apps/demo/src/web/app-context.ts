import type { Runtime } from '@attune/core';
import { loadArtifactFromUrl } from '@attune/web';
import type { Artifact } from '@attune/core';
import type { DemoModelEntry, DemoModelIndex, DemoTask } from '../shared/model-index.js';
import { runtimeFor, type Device, type DeviceSupport } from './runtime.js';

/** What every tab shares: the model list, the chosen device, and a way to hear when it changes. */
export class AppContext {
  private listeners: ((device: Device) => void)[] = [];
  private current: Device;

  constructor(
    readonly index: DemoModelIndex,
    readonly support: DeviceSupport,
  ) {
    this.current = support.webgpu ? 'webgpu' : 'wasm';
  }

  get device(): Device {
    return this.current;
  }

  set device(device: Device) {
    if (device === this.current) return;
    this.current = device;
    for (const listener of this.listeners) listener(device);
  }

  /** A fresh runtime on the current device. */
  runtime(): Runtime {
    return runtimeFor(this.current);
  }

  onDeviceChange(listener: (device: Device) => void): void {
    this.listeners.push(listener);
  }

  models(task: DemoTask): DemoModelEntry[] {
    return this.index.models.filter((m) => m.task === task);
  }

  /** A prepared model's packed artifact, over fetch (cached in IndexedDB and revalidated). */
  loadArtifact(entry: DemoModelEntry): Promise<Artifact> {
    return loadArtifactFromUrl(modelUrl(entry.file));
  }

  /** An extra file of a model (e.g. a catalogue), parsed as JSON. */
  async loadJson<T>(entry: DemoModelEntry, name: string): Promise<T> {
    const file = entry.extraFiles?.[name];
    if (!file) throw new Error(`The model "${entry.id}" has no ${name}; run the preparation script again.`);
    const response = await fetch(modelUrl(file));
    if (!response.ok) throw new Error(`Could not load ${file}: HTTP ${response.status}.`);
    return (await response.json()) as T;
  }
}

export function modelUrl(file: string): string {
  return new URL(`models/${file}`, document.baseURI).href;
}

/** The line under a model picker: data set, whether it is synthetic, held-out metrics. */
export function describeDataset(entry: DemoModelEntry): string {
  const d = entry.dataset;
  const metrics = Object.entries(entry.metrics)
    .map(([k, v]) => `${k} ${v < 1.0001 && v > -0.0001 ? v.toFixed(3) : v.toFixed(1)}`)
    .join(', ');
  return `${d.synthetic ? 'SYNTHETIC data set' : 'Real data'}: ${d.name} (${d.source}; ${d.license}). ${d.trainExamples} training / ${d.testExamples} test examples. Held-out ${metrics}.`;
}
