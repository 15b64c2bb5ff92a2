import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { loadPredictor, type Artifact, type Predictor, type Runtime } from '@attune/core';
import { loadArtifact } from '@attune/node';
import type { CliAdapter } from '../plugins/adapter.js';
import type { Registry } from '../plugins/registry.js';
import { checkFinitePredictions } from '../finite.js';
import { MicroBatcher, type BatcherOptions } from './batcher.js';
import type { ServerMetrics } from './metrics.js';

/** One loaded version of a model: its predictor, its batcher, and how many requests use it. */
interface Generation {
  number: number;
  identity: string;
  artifact: Artifact;
  adapter: CliAdapter;
  predictor: Predictor<unknown, unknown>;
  batcher: MicroBatcher<unknown, unknown>;
  users: number;
  retired: boolean;
}

export interface ModelSlotOptions {
  name: string;
  dir: string;
  registry: Registry;
  runtime: Runtime;
  batch: Omit<BatcherOptions, 'onBatch'>;
  metrics: ServerMetrics;
  log: (message: string, data?: Record<string, unknown>) => void;
  /** Watch the artifact and reload it when it is replaced. Default true. */
  watch?: boolean;
  /** Quiet time after the last file event before reloading (ms). Default 100. */
  debounceMs?: number;
}

/**
 * What identifies an artifact's content: its whole manifest (which vouches for every file's hash),
 * so an edit to the manifest alone (labels, config) is a new version to check, not "unchanged".
 */
const identityOf = (artifact: Artifact) => JSON.stringify(artifact.manifest);

/**
 * A served model that can be replaced while it serves. The artifact's parent directory is watched
 * (an atomic save renames a new directory into place, which a watch on the old one would miss);
 * when the artifact changes, the new version is loaded beside the old one, requests switch to it
 * once it is ready, and the old one is released after its last request finishes. A new version
 * that fails to load is reported and the old one keeps serving.
 */
export class ModelSlot {
  private current!: Generation;
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private reloading: Promise<void> = Promise.resolve();
  private closed = false;
  private hurried = false;
  generations = 0;

  private constructor(private readonly options: ModelSlotOptions) {}

  static async open(options: ModelSlotOptions): Promise<ModelSlot> {
    const slot = new ModelSlot(options);
    slot.current = await slot.load(await loadArtifact(options.dir));
    if (options.watch !== false) slot.startWatching();
    return slot;
  }

  get name(): string {
    return this.options.name;
  }
  get adapter(): CliAdapter {
    return this.current.adapter;
  }
  get artifact(): Artifact {
    return this.current.artifact;
  }
  get generation(): number {
    return this.current.number;
  }

  /** Predictions from the current version; the version stays alive until this call returns. */
  async predict(inputs: unknown[]): Promise<{ predictions: unknown[]; generation: number }> {
    const generation = this.current;
    generation.users += 1;
    try {
      return { predictions: await generation.batcher.submit(inputs), generation: generation.number };
    } finally {
      generation.users -= 1;
      if (generation.retired && generation.users === 0) void this.release(generation);
    }
  }

  /** Checks the artifact on disk and switches to it if it changed (the watcher calls this; tests may too). */
  reload(): Promise<void> {
    this.reloading = this.reloading.then(() => this.reloadNow());
    return this.reloading;
  }

  /** Stops batches waiting to fill (shutdown has begun); requests are still answered. */
  hurry(): void {
    this.hurried = true;
    this.current.batcher.hurry();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.watcher?.close();
    clearTimeout(this.timer);
    await this.reloading;
    await this.current.batcher.drain();
    this.current.retired = true;
    if (this.current.users === 0) await this.release(this.current);
  }

  private async reloadNow(): Promise<void> {
    if (this.closed) return;
    const { name, dir, metrics, log } = this.options;
    let next: Generation;
    try {
      const artifact = await loadArtifact(dir);
      if (identityOf(artifact) === this.current.identity) return;
      next = await this.load(artifact);
    } catch (error) {
      metrics.reloads.inc({ model: name, result: 'failed' });
      log(`model ${name}: the artifact at ${dir} could not be loaded; still serving version ${this.current.number}: ${(error as Error).message}`);
      return;
    }
    const previous = this.current;
    this.current = next;
    metrics.reloads.inc({ model: name, result: 'ok' });
    log(`model ${name}: now serving version ${next.number} from ${dir}`);
    previous.retired = true;
    await previous.batcher.drain();
    if (previous.users === 0) await this.release(previous);
  }

  private async load(artifact: Artifact): Promise<Generation> {
    const { name, registry, runtime, batch, metrics } = this.options;
    const adapter = registry.byPluginId(artifact.manifest.plugin.id);
    const predictor = await loadPredictor(adapter.plugin, artifact, runtime, { batchSize: batch.maxBatch });
    const number = ++this.generations;
    metrics.generation.set({ model: name }, number);
    const batcher = new MicroBatcher<unknown, unknown>(async (inputs) => {
      const predictions = await predictor.predict(inputs);
      checkFinitePredictions(predictions);
      return predictions;
    }, {
      ...batch,
      onBatch: (inputs, requests) => {
        metrics.batchSize.observe({ model: name }, inputs);
        metrics.batchRequests.observe({ model: name }, requests);
      },
    });
    if (this.hurried) batcher.hurry(); // a version loaded while shutting down
    return { number, identity: identityOf(artifact), artifact, adapter, predictor, batcher, users: 0, retired: false };
  }

  private releasing = new WeakSet<Generation>();
  private async release(generation: Generation): Promise<void> {
    if (this.releasing.has(generation)) return;
    this.releasing.add(generation);
    await generation.predictor.release();
  }

  private startWatching(): void {
    const target = path.resolve(this.options.dir);
    const base = path.basename(target);
    // the parent: a save renames `<dir>.attune-tmp-*` to `<dir>`, replacing the directory itself
    this.watcher = watch(path.dirname(target), (_event, file) => {
      if (file !== null && !String(file).startsWith(base)) return;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.reload(), this.options.debounceMs ?? 100);
    });
    this.watcher.on('error', (error) => this.options.log(`model ${this.options.name}: watching ${target} failed: ${error.message}`));
  }
}
