import { AttuneError } from './errors/attune-error.js';

/** Element types that cross the Backend boundary. */
export type TensorType = 'float32' | 'int32' | 'int64' | 'bool' | 'uint8' | 'int8';

/** A tensor as plain data, the same in every runtime. `int64` data is a BigInt64Array. */
export interface TensorData {
  type: TensorType;
  data: Float32Array | Int32Array | BigInt64Array | Uint8Array | Int8Array;
  dims: number[];
}

/** Where a session can run. */
export type DeviceKind = 'cpu' | 'cuda' | 'webgpu' | 'wasm';

export interface DeviceInfo {
  kind: DeviceKind;
  available: boolean;
  /** Why it is not available, and how to make it so. */
  reason?: string;
}

export interface SessionOptions {
  /**
   * Devices to try, in order; the first that works is used. Default: the backend's own order
   * (`['cuda', 'cpu']` in Node, `['webgpu', 'wasm']` in the browser). `auto` means that default.
   */
  devices?: DeviceKind[] | 'auto';
  /** Intra-op threads (CPU/WASM). Default: the runtime's own choice. */
  threads?: number;
  /** ONNX Runtime graph optimisation level. Default `all`. */
  graphOptimization?: 'disabled' | 'basic' | 'extended' | 'all';
  /** Told once when a preferred device was skipped, with the reason and the fix. Default console.warn. */
  onFallback?: (message: string) => void;
}

/** A loaded model on one device. */
export interface Session {
  readonly device: DeviceKind;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, TensorData>): Promise<Record<string, TensorData>>;
  release(): Promise<void>;
}

/**
 * A platform's inference runtime (onnxruntime-node, onnxruntime-web). Kept this small on purpose,
 * like vercel/ai's provider specification: a versioned type that platform packages implement.
 */
export interface Backend {
  readonly specificationVersion: 'v1';
  readonly name: string;
  devices(): Promise<DeviceInfo[]>;
  createSession(model: Uint8Array, options?: SessionOptions): Promise<Session>;
}

/** No device of any backend could run the model; `failures` lists every attempt and why it failed. */
export class BackendUnavailableError extends AttuneError {
  constructor(readonly failures: Array<{ backend: string; device: string; reason: string }>) {
    super(
      'BACKEND_UNAVAILABLE',
      `No backend could run the model:\n${failures.map((f) => `  - ${f.backend} (${f.device}): ${f.reason}`).join('\n')}`,
    );
    this.name = 'BackendUnavailableError';
  }
}

/**
 * Tries `devices` in order with `open`, collecting every failure; reports skipped devices once
 * through `onFallback` and throws BackendUnavailableError with all reasons when none works.
 * Backends share this so their resolution rules are the same everywhere.
 */
export async function resolveDevice<S>(
  backend: string,
  devices: DeviceKind[],
  infos: DeviceInfo[],
  open: (device: DeviceKind) => Promise<S>,
  onFallback: (message: string) => void,
): Promise<S> {
  const failures: Array<{ backend: string; device: string; reason: string }> = [];
  for (const device of devices) {
    const info = infos.find((d) => d.kind === device);
    if (!info?.available) {
      failures.push({ backend, device, reason: info?.reason ?? `${backend} has no ${device} device` });
      continue;
    }
    try {
      const session = await open(device);
      if (failures.length) {
        onFallback(`[attune] ${backend}: using ${device}; ${failures.map((f) => `${f.device} skipped: ${f.reason}`).join('; ')}`);
      }
      return session;
    } catch (error) {
      failures.push({ backend, device, reason: (error as Error).message });
    }
  }
  throw new BackendUnavailableError(failures);
}

/** Checks feeds against a session's inputs before they reach the runtime, with a message that says what to pass. */
export function checkFeeds(session: Pick<Session, 'inputNames'>, feeds: Record<string, TensorData>): void {
  const missing = session.inputNames.filter((n) => !(n in feeds));
  const extra = Object.keys(feeds).filter((n) => !session.inputNames.includes(n));
  if (missing.length || extra.length) {
    throw new AttuneError(
      'INVALID_INPUT',
      `The model takes inputs ${session.inputNames.map((n) => JSON.stringify(n)).join(', ')}` +
        `${missing.length ? `; missing ${missing.join(', ')}` : ''}${extra.length ? `; unknown ${extra.join(', ')}` : ''}.`,
    );
  }
  for (const [name, t] of Object.entries(feeds)) {
    const size = t.dims.reduce((a, b) => a * b, 1);
    if (t.data.length !== size) {
      throw new AttuneError('INVALID_INPUT', `Input ${name} has ${t.data.length} values but dims [${t.dims.join(', ')}] need ${size}.`);
    }
  }
}
