import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  AbortedError, artifactTrainingState, AttuneError, checkSettings, createArtifact, exportArtifact, InputError, ONNX_FILE, train, type Artifact, type ProgressEvent,
} from '@attune/core';
import { checkArtifactTarget, FileCheckpointStore, saveArtifact } from '@attune/node';
import type { CommandContext } from '../context.js';
import { splitExamples } from '../data/split.js';
import { dataOptionsOf, parseSets, readConfigFile, type DataFlags } from '../options.js';
import { checkOutsideArtifacts, checkSeparateDirectories } from '../output-paths.js';
import { trainingCurveSvg } from '../progress/curve-svg.js';

export const CURVE_FILE = 'training-curve.svg';
const LOSSES_FILE = 'batch-losses.json';

export interface TrainOptions extends DataFlags {
  data: string;
  out: string;
  validation?: string;
  valSplit?: number;
  epochs?: number;
  batchSize?: number;
  lr?: number;
  seed: number;
  set?: string[];
  config?: string;
  resume?: boolean;
  checkpointDir?: string;
  checkpointEvery: number;
  patience?: number;
}

/** `attune train <task>`: read data, train with checkpoints, export an artifact with its training curve. */
export async function trainCommand(task: string, options: TrainOptions, ctx: CommandContext): Promise<void> {
  const adapter = ctx.registry.byTask(task);
  // where the results go is checked before any work: a bad --out or --checkpoint-dir fails now, not after training
  const out = path.resolve(ctx.cwd, options.out);
  const checkpointDir = path.resolve(ctx.cwd, options.checkpointDir ?? `${out}.checkpoint`);
  await checkArtifactTarget(out, '--out');
  checkOutsideArtifacts('--out', out);
  checkOutsideArtifacts('--checkpoint-dir', checkpointDir);
  checkSeparateDirectories({ flag: '--out', dir: out }, { flag: '--checkpoint-dir', dir: checkpointDir });
  const store = new FileCheckpointStore(checkpointDir, [LOSSES_FILE]);
  await store.checkDirectory();
  const config = { ...(await readConfigFile(options.config)), ...parseSets(options.set) };
  checkSettings(adapter.plugin, config, { ...adapter.plugin.defaultConfig, ...config }); // train() checks again; this is before the data is read
  const dataOptions = dataOptionsOf(options);
  const all = await adapter.readExamples(options.data, dataOptions);
  if (all.length === 0) throw new InputError(`${options.data} holds no examples.`);
  const split = options.validation
    ? { train: all, validation: await adapter.readExamples(options.validation, dataOptions) }
    : (adapter.splitValidation ?? splitExamples)(all, options.valSplit ?? (all.length >= 50 ? 0.1 : 0), options.seed);
  const defaults = adapter.trainDefaults ?? {};
  if (!options.resume) await store.clear(); // a fresh run never picks up a stale checkpoint
  ctx.reporter.info(`${adapter.task}: ${split.train.length} training and ${split.validation.length} validation examples from ${options.data}`);

  // per-batch losses for the curve; saved beside the checkpoint so a resumed run draws the whole run
  const losses = options.resume ? await readLosses(checkpointDir) : [];
  let stepsPerEpoch = 1;
  let lossWrites = Promise.resolve(); // one write at a time, in order
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let trained;
  try {
    trained = await train(adapter.plugin, ctx.runtime(), split.train, {
      ...(split.validation.length ? { validation: split.validation } : {}),
      config,
      seed: options.seed,
      epochs: options.epochs ?? defaults.epochs ?? 10,
      batchSize: options.batchSize ?? defaults.batchSize ?? 32,
      learningRate: options.lr ?? defaults.learningRate ?? 1e-3,
      ...(options.patience && split.validation.length ? { earlyStopping: { patience: options.patience } } : {}),
      checkpoint: { store, everySteps: options.checkpointEvery, resume: Boolean(options.resume) },
      signal: abort.signal,
      onProgress: (event: ProgressEvent) => {
        if (event.type === 'start') {
          stepsPerEpoch = event.stepsPerEpoch;
          if (event.resumedFrom) losses.splice(0, losses.length, ...losses.filter(([step]) => step <= event.resumedFrom!.globalStep));
          else losses.length = 0;
        }
        if (event.type === 'batch') losses.push([event.globalStep, event.loss]);
        if (event.type === 'checkpoint') {
          const upTo = losses.filter(([step]) => step <= event.globalStep);
          lossWrites = lossWrites.then(() => writeLosses(checkpointDir, upTo));
        }
        ctx.reporter.training(event);
      },
    });
  } catch (error) {
    if (error instanceof AbortedError || (error as Error).name === 'AbortedError') {
      ctx.reporter.info(`stopped; the checkpoint in ${checkpointDir} continues with: attune train ${task} ... --resume`);
    }
    if (AttuneError.isInstance(error) && error.code === 'CHECKPOINT_MISMATCH' && error.message.includes(' Clear the store')) {
      // core's advice names its API (checkpoint.resume); say it in flags
      throw new AttuneError('CHECKPOINT_MISMATCH', `${error.message.replace(/ Clear the store.*$/, '')} Delete ${checkpointDir} or train without --resume to start over.`);
    }
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }

  const exported = await exportArtifact(trained);
  const svg = trainingCurveSvg(trained.result.history, losses.map(([step, loss]) => [step / stepsPerEpoch, loss]));
  const artifact = await withFiles(exported, { [CURVE_FILE]: new TextEncoder().encode(svg) });
  await saveArtifact(out, artifact);
  await lossWrites;
  await store.clear(); // the artifact holds the training state now
  const metrics = artifact.manifest.metrics;
  const curve = path.join(out, CURVE_FILE);
  ctx.reporter.result(
    { artifact: out, curve, metrics, epochs: trained.result.epochsRun, engine: trained.result.engine, modelBytes: artifact.files.get(ONNX_FILE)!.byteLength },
    [
      `saved ${out} (${adapter.plugin.id}, model.onnx ${artifact.files.get(ONNX_FILE)!.byteLength} bytes)`,
      `metrics: ${Object.entries(metrics).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(', ') || '(none)'}`,
      `training curve: ${curve}`,
    ].join('\n'),
  );
}

/** The same artifact with more files (the exported one has none but the model and training state). */
export async function withFiles(artifact: Artifact, extra: Record<string, Uint8Array>): Promise<Artifact> {
  const { manifest, files } = artifact;
  const known = new Set([ONNX_FILE, 'training-state.json', 'training-state.bin']);
  const extraFiles = Object.fromEntries([...files].filter(([p]) => !known.has(p)));
  return createArtifact({
    plugin: manifest.plugin,
    model: manifest.model,
    preprocessing: manifest.preprocessing,
    metrics: manifest.metrics,
    onnx: files.get(ONNX_FILE)!,
    ...(files.has('training-state.json') ? { trainingState: artifactTrainingState(artifact) } : {}),
    extraFiles: { ...extraFiles, ...extra },
    createdAt: new Date(manifest.createdAt),
  });
}

async function readLosses(dir: string): Promise<Array<[number, number]>> {
  try {
    const value = JSON.parse(await readFile(path.join(dir, LOSSES_FILE), 'utf8')) as unknown;
    return Array.isArray(value) ? (value.filter((p) => Array.isArray(p) && p.length === 2) as Array<[number, number]>) : [];
  } catch {
    return []; // the curve is a picture; a missing or damaged list only loses its early points
  }
}

async function writeLosses(dir: string, losses: Array<[number, number]>): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    const temp = path.join(dir, `${LOSSES_FILE}.${process.pid}.tmp`);
    await writeFile(temp, JSON.stringify(losses));
    await rename(temp, path.join(dir, LOSSES_FILE));
  } catch {
    // as above: never fail training over the picture
  }
}
