import { createRuntime, type Backend, type DeviceKind, type Runtime } from '@attune/core';
import { createNodeBackend, createNodeRuntime, setupTfjs } from '@attune/node';
import type { Registry } from './plugins/registry.js';
import type { Reporter } from './progress/reporter.js';

/** What every command gets: the plugins, where to report, and the platform. */
export interface CommandContext {
  registry: Registry;
  reporter: Reporter;
  runtime(): Runtime;
  cwd: string;
}

/**
 * onnxruntime-node for training and inference on the chosen device: `cpu` only, or `cuda` first with
 * a note when it falls back. The device choice reaches inference sessions too (loadPredictor opens
 * sessions with the backend's defaults, which would try CUDA and warn on every CPU-only machine).
 */
export function nodeRuntime(device: string | undefined, threads?: number): Runtime {
  const devices: DeviceKind[] = device === 'cuda' ? ['cuda', 'cpu'] : ['cpu'];
  const onFallback = (m: string) => void process.stderr.write(`[attune] ${m}\n`);
  const platform = createNodeRuntime({ devices, ...(threads ? { threads } : {}), onFallback });
  const backend = createNodeBackend();
  const chosen: Backend = { ...backend, createSession: (model, options) => backend.createSession(model, { devices, onFallback, ...options }) };
  // setupTfjs runs once per process: starting it here sends its start-up line to stderr, keeping
  // stdout for results (JSON lines with --json, predictions)
  const ready = async () => {
    await setupTfjs({ log: (line) => void process.stderr.write(`${line}\n`) });
    await platform.ready();
  };
  return createRuntime({ backends: [chosen], createTrainingEngine: platform.createTrainingEngine, ready });
}
