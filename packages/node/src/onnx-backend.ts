import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  AttuneError,
  checkFeeds,
  inspectOnnx,
  resolveDevice,
  type Backend,
  type DeviceInfo,
  type DeviceKind,
  type Session,
  type SessionOptions,
  type TensorData,
} from '@attune/core';
import * as ort from 'onnxruntime-node';

/** How to get the CUDA provider, which `.npmrc`/allowScripts skip at install (it downloads ~1 GB). */
export const CUDA_HINT =
  'onnxruntime-node was installed without its CUDA execution provider (Attune skips that download). ' +
  'On a machine with network access, an NVIDIA GPU and CUDA 12: ' +
  '`ONNXRUNTIME_NODE_INSTALL=cuda12 npm rebuild onnxruntime-node --foreground-scripts`.';

export interface NodeBackendOptions {
  /** Directory holding onnxruntime-node's native libraries (for the CUDA check). Default: resolved from the package. */
  binaryDir?: string;
}

/** ONNX Runtime for Node: CUDA when its provider is installed and a GPU answers, CPU otherwise. */
export function createNodeBackend(options: NodeBackendOptions = {}): Backend {
  let devicesOnce: Promise<DeviceInfo[]> | undefined;
  const devices = () => (devicesOnce ??= detectDevices(options.binaryDir ?? defaultBinaryDir()));
  return {
    specificationVersion: 'v1',
    name: 'onnxruntime-node',
    devices,
    async createSession(model: Uint8Array, opts: SessionOptions = {}): Promise<Session> {
      inspectOnnx(model); // a file that is not a model is the caller's problem, not a device failure
      const order: DeviceKind[] = !opts.devices || opts.devices === 'auto' ? ['cuda', 'cpu'] : opts.devices;
      return resolveDevice(
        'onnxruntime-node',
        order,
        await devices(),
        async (device) => wrap(await ort.InferenceSession.create(model, sessionOptions(device, opts)), device),
        opts.onFallback ?? ((m) => console.warn(m)),
      );
    },
  };
}

function sessionOptions(device: DeviceKind, opts: SessionOptions): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: [device === 'cuda' ? 'cuda' : 'cpu'],
    graphOptimizationLevel: opts.graphOptimization ?? 'all',
    ...(opts.threads ? { intraOpNumThreads: opts.threads, interOpNumThreads: 1 } : {}),
  };
}

async function detectDevices(binaryDir: string): Promise<DeviceInfo[]> {
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

function wrap(inner: ort.InferenceSession, device: DeviceKind): Session {
  let released = false;
  const session: Session = {
    device,
    inputNames: inner.inputNames,
    outputNames: inner.outputNames,
    async run(feeds) {
      if (released) throw new AttuneError('INVALID_INPUT', 'This session was released; create a new one to run the model again.');
      checkFeeds(session, feeds);
      const ortFeeds: Record<string, ort.Tensor> = {};
      for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = new ort.Tensor(t.type, t.data, t.dims);
      const out = await inner.run(ortFeeds);
      const result: Record<string, TensorData> = {};
      for (const [name, t] of Object.entries(out)) {
        result[name] = { type: t.type as TensorData['type'], data: t.data as TensorData['data'], dims: [...t.dims] };
      }
      return result;
    },
    async release() {
      if (released) return;
      released = true;
      await inner.release();
    },
  };
  return session;
}
