import { checkFeeds, type DeviceKind, type Session, type TensorData } from './backend.js';
import { AttuneError } from './errors/attune-error.js';

/** The slice of onnxruntime-common's InferenceSession (shared by onnxruntime-node and -web) a Session wraps. */
export interface OrtLikeSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, unknown>): Promise<Record<string, OrtLikeTensor>>;
  release(): Promise<void>;
}

export interface OrtLikeTensor {
  readonly type: string;
  readonly dims: readonly number[];
  /** Copies the data to the CPU if it lives on a GPU; `true` frees the GPU copy. */
  getData(releaseData?: boolean): Promise<unknown>;
}

export interface AdaptOptions {
  /** Builds the runtime's own tensor from plain data (`new ort.Tensor(type, data, dims)`). */
  toTensor: (t: TensorData) => unknown;
  /**
   * Run one call at a time: `true` per session, or a shared `RunQueue` across every session that
   * holds it (onnxruntime-web's WebGPU build refuses a run on any session while another is in
   * flight: "Session already started"). Default false.
   */
  serializeRuns?: boolean | RunQueue;
}

/** A queue of runs shared by sessions: each run starts after the previous one, from any session, settles. */
export interface RunQueue {
  tail: Promise<unknown>;
}

export function createRunQueue(): RunQueue {
  return { tail: Promise.resolve() };
}

/** Runs `run` after every run already in `queue` has settled; a failed run does not block the next. */
export function enqueueRun<T>(queue: RunQueue, run: () => Promise<T>): Promise<T> {
  const result = queue.tail.then(run);
  queue.tail = result.catch(() => undefined);
  return result;
}

/**
 * Turns an ONNX Runtime session into Attune's `Session`: feeds are checked first (clear errors
 * instead of the runtime's), outputs come back as plain data, and a released session refuses to run.
 * Both platform backends use this, so they behave the same.
 */
export function adaptOrtSession(inner: OrtLikeSession, device: DeviceKind, options: AdaptOptions): Session {
  let released = false;
  const queue: RunQueue | undefined =
    options.serializeRuns === true ? createRunQueue() : options.serializeRuns ? options.serializeRuns : undefined;
  let lastRun: Promise<unknown> = Promise.resolve();
  const runOnce = async (feeds: Record<string, TensorData>) => {
    const ortFeeds: Record<string, unknown> = {};
    for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = options.toTensor(t);
    const out = await inner.run(ortFeeds);
    const result: Record<string, TensorData> = {};
    for (const [name, t] of Object.entries(out)) {
      result[name] = { type: t.type as TensorData['type'], data: (await t.getData(true)) as TensorData['data'], dims: [...t.dims] };
    }
    return result;
  };
  const session: Session = {
    device,
    inputNames: inner.inputNames,
    outputNames: inner.outputNames,
    async run(feeds) {
      if (released) throw new AttuneError('INVALID_INPUT', 'This session was released; create a new one to run the model again.');
      checkFeeds(session, feeds);
      if (!queue) return runOnce(feeds);
      const result = enqueueRun(queue, () => runOnce(feeds));
      lastRun = result.catch(() => undefined);
      return result;
    },
    async release() {
      if (released) return;
      released = true;
      await lastRun; // this session's runs accepted before release() finish before the runtime frees it
      await inner.release();
    },
  };
  return session;
}
