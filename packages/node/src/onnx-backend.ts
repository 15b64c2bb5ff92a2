import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  adaptOrtSession,
  checkSessionOptions,
  inspectOnnx,
  resolveDevice,
  type Backend,
  type DeviceInfo,
  type DeviceKind,
  type Session,
  type SessionOptions,
} from '@attune/core';
import * as ort from 'onnxruntime-node';

/** How to get the CUDA provider, which `.npmrc`/allowScripts skip at install (it downloads ~1 GB). */
export const CUDA_HINT =
  'onnxruntime-node was installed without its CUDA execution provider (Attune skips that download). ' +
  'On a machine with network access, an NVIDIA GPU and CUDA 12: ' +
  '`(cd node_modules/onnxruntime-node && ONNXRUNTIME_NODE_INSTALL=cuda12 node script/install)`.';

export interface NodeBackendOptions {
  /** Directory holding onnxruntime-node's native libraries (for the CUDA check). Default: resolved from the package. */
  binaryDir?: string;
}

/** ONNX Runtime for Node: CUDA when its provider is installed and a GPU answers, CPU otherwise. */
export function createNodeBackend(options: NodeBackendOptions = {}): Backend {
  let devicesOnce: Promise<DeviceInfo[]> | undefined;
  const devices = () => (devicesOnce ??= nodeDevices(options.binaryDir));
  return {
    specificationVersion: 'v1',
    name: 'onnxruntime-node',
    devices,
    async createSession(model: Uint8Array, options?: SessionOptions): Promise<Session> {
      const opts = checkSessionOptions(options);
      inspectOnnx(model); // a file that is not a model is the caller's problem, not a device failure
      const order: DeviceKind[] = !opts.devices || opts.devices === 'auto' ? ['cuda', 'cpu'] : opts.devices;
      return resolveDevice(
        'onnxruntime-node',
        order,
        await devices(),
        async (device) =>
          adaptOrtSession(await ort.InferenceSession.create(model, sessionOptions(device, opts)), device, {
            toTensor: (t) => new ort.Tensor(t.type, t.data, t.dims),
          }),
        opts.onFallback ?? ((m) => console.warn(m)),
      );
    },
  };
}

function sessionOptions(device: DeviceKind, opts: SessionOptions): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: [device === 'cuda' ? 'cuda' : 'cpu'],
    // A CUDA attempt that fails is reported through onFallback; keep ORT's native log for fatal errors then.
    ...(device === 'cuda' ? { logSeverityLevel: 4 as const } : {}),
    graphOptimizationLevel: opts.graphOptimization ?? 'all',
    ...(opts.threads ? { intraOpNumThreads: opts.threads, interOpNumThreads: 1 } : {}),
  };
}

/** CUDA (when onnxruntime-node's CUDA provider is installed) and CPU, with the reason CUDA is missing. */
export async function nodeDevices(binaryDir = defaultBinaryDir()): Promise<DeviceInfo[]> {
  const cudaProvider = path.join(binaryDir, 'libonnxruntime_providers_cuda.so');
  const cuda: DeviceInfo =
    process.platform === 'linux' && existsSync(cudaProvider)
      ? { kind: 'cuda', available: true }
      : { kind: 'cuda', available: false, reason: CUDA_HINT };
  return [cuda, { kind: 'cpu', available: true }];
}

function defaultBinaryDir(): string {
  const require = createRequire(import.meta.url);
  const root = path.dirname(require.resolve('onnxruntime-node/package.json'));
  return path.join(root, 'bin', 'napi-v6', process.platform, process.arch);
}
