import path from 'node:path';
import { inspectOnnx, ONNX_FILE, readPluginArtifact, TRAINING_STATE_JSON } from '@attune/core';
import { loadArtifact } from '@attune/node';
import type { CommandContext } from '../context.js';
import { EXPORT_INFO_FILE } from './export.js';
import { CURVE_FILE } from './train.js';

/** `attune inspect <artifact>`: manifest, metrics, file sizes, the ONNX graph's interface; validates everything first. */
export async function inspectCommand(artifactDir: string, ctx: CommandContext): Promise<void> {
  const dir = path.resolve(ctx.cwd, artifactDir);
  const artifact = await loadArtifact(dir); // schema, sizes, hashes: a damaged artifact is refused here
  const { manifest, files } = artifact;
  const onnx = inspectOnnx(files.get(ONNX_FILE)!);
  const sizes = Object.fromEntries([...files].map(([p, b]) => [p, b.byteLength]));
  const total = Object.values(sizes).reduce((a, b) => a + b, 0);
  const exportInfo = files.has(EXPORT_INFO_FILE) ? (JSON.parse(new TextDecoder().decode(files.get(EXPORT_INFO_FILE))) as { precision?: string }) : undefined;
  const known = ctx.registry.adapters.find((a) => a.plugin.id === manifest.plugin.id);
  // with its plugin installed, the model file is checked against the manifest as every loader does
  if (known) readPluginArtifact(known.plugin, artifact);
  const data = {
    artifact: dir,
    formatVersion: manifest.formatVersion,
    plugin: manifest.plugin,
    pluginInstalled: known ? `${known.task} (${known.source ?? 'built-in'})` : null,
    model: manifest.model,
    metrics: manifest.metrics,
    createdAt: manifest.createdAt,
    precision: exportInfo?.precision ?? 'fp32',
    onnx,
    files: sizes,
    totalBytes: total,
    canContinueTraining: files.has(TRAINING_STATE_JSON),
    ...(files.has(CURVE_FILE) ? { trainingCurve: path.join(dir, CURVE_FILE) } : {}),
  };
  const lines = [
    `${dir}`,
    `  plugin      ${manifest.plugin.id} ${manifest.plugin.version}${known ? '' : ' (not installed here)'}`,
    `  model       ${manifest.model.kind} ${JSON.stringify(manifest.model.config)}`,
    `  precision   ${data.precision}; onnx opset ${onnx.opset}, ${onnx.nodes} nodes, inputs ${onnx.inputs.join(', ')} -> ${onnx.outputs.join(', ')}`,
    `  metrics     ${Object.entries(manifest.metrics).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(', ') || '(none)'}`,
    `  created     ${manifest.createdAt}`,
    `  training    ${data.canContinueTraining ? 'state included (can continue training)' : 'inference only'}`,
    `  files       ${total} bytes in all`,
    ...Object.entries(sizes).map(([p, n]) => `    ${p.padEnd(22)} ${String(n).padStart(10)}  sha256 ${manifest.files[p]!.sha256.slice(0, 12)}…`),
    ...(data.trainingCurve ? [`  curve       ${data.trainingCurve}`] : []),
  ];
  ctx.reporter.result(data, lines.join('\n'));
}
