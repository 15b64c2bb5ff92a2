import path from 'node:path';
import { artifactTrainingState, ConfigError, createArtifact, exportOnnx, loadArtifactWeights, ONNX_FILE, type ExportPrecision, type OnnxExportable } from '@attune/core';
import { checkArtifactTarget, saveArtifact } from '@attune/node';
import { writeFile } from 'node:fs/promises';
import type { CommandContext } from '../context.js';
import { checkOutputFile, checkOutsideArtifacts, checkSeparateDirectories } from '../output-paths.js';
import { openArtifact, requireTrainingState } from './load.js';

export const EXPORT_INFO_FILE = 'export.json';
const PRECISIONS = ['fp32', 'fp16', 'int8'] as const;

export interface ExportOptions {
  out: string;
  precision: string;
  onnx?: string;
  trainingState: boolean;
}

/**
 * `attune export <artifact> --precision fp16 --out <dir>`: the model rebuilt from the artifact's
 * weights and exported again at another precision, as a new artifact (and optionally a bare
 * model.onnx for other ONNX servers).
 */
export async function exportCommand(artifactDir: string, options: ExportOptions, ctx: CommandContext): Promise<void> {
  if (!(PRECISIONS as readonly string[]).includes(options.precision)) throw new ConfigError('--precision', options.precision, 'fp32, fp16 or int8');
  const precision = options.precision as ExportPrecision;
  // the outputs are checked before the model is rebuilt, so a bad path fails first
  const out = path.resolve(ctx.cwd, options.out);
  await checkArtifactTarget(out, '--out');
  checkOutsideArtifacts('--out', out);
  const onnxFile = options.onnx === undefined ? undefined : await checkOutputFile('--onnx', options.onnx, ctx.cwd);
  if (onnxFile) checkSeparateDirectories({ flag: '--out', dir: out }, { flag: '--onnx', dir: onnxFile }); // a stray file in the new artifact
  const { artifact, adapter, dir } = await openArtifact(artifactDir, ctx.registry, ctx.cwd);
  requireTrainingState(artifact, 'exporting', 'export'); // the weights are rebuilt from it at full precision
  const { plugin } = adapter;
  const { model: saved, preprocessing } = artifact.manifest;
  const { seed: rawSeed, ...savedConfig } = saved.config as Record<string, unknown>;
  const config = { ...plugin.defaultConfig, ...savedConfig };
  const state = plugin.validateState ? plugin.validateState(preprocessing, config) : preprocessing;
  await ctx.runtime().ready();
  const model = plugin.buildModel(state, config, typeof rawSeed === 'number' ? rawSeed : 0);
  loadArtifactWeights(model, artifact);
  const onnx = exportOnnx(model as unknown as OnnxExportable, { precision });
  model.dispose();
  const extra = Object.fromEntries([...artifact.files].filter(([p]) => p !== ONNX_FILE && !p.startsWith('training-state.') && p !== EXPORT_INFO_FILE));
  const info = { precision, source: { artifact: dir, modelSha256: artifact.manifest.files[ONNX_FILE]!.sha256 } };
  const exported = await createArtifact({
    plugin: artifact.manifest.plugin,
    model: saved,
    preprocessing,
    metrics: artifact.manifest.metrics,
    onnx,
    ...(options.trainingState ? { trainingState: artifactTrainingState(artifact) } : {}),
    extraFiles: { ...extra, [EXPORT_INFO_FILE]: new TextEncoder().encode(`${JSON.stringify(info, null, 2)}\n`) },
  });
  await saveArtifact(out, exported);
  if (onnxFile) await writeFile(onnxFile, onnx);
  const before = artifact.files.get(ONNX_FILE)!.byteLength;
  ctx.reporter.result(
    { artifact: out, precision, modelBytes: onnx.byteLength, sourceModelBytes: before, ...(onnxFile ? { onnx: onnxFile } : {}) },
    `saved ${out}: ${precision} model.onnx ${onnx.byteLength} bytes (was ${before})${options.onnx ? `; also wrote ${options.onnx}` : ''}`,
  );
}
