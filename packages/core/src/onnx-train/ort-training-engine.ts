import { CheckpointMismatchError } from '../errors/training-errors.js';
import type { TrainingEngine } from '../train/engine.js';
import type { Batch, EvalResult, NamedArray, StepParams, StepResult, TrainingState } from '../train/types.js';
import { momentName, nextName } from './adamw-graph.js';
import { bindDims, fillDropoutMask, maskSeed, resolveDims } from './dropout-masks.js';
import { buildTrainingGraphs, type OnnxTrainable, type TrainingGraphs } from './training-graph.js';
import { enqueueRun, type RunQueue } from '../ort-session.js';

/** The parts of an ONNX Runtime package (onnxruntime-node or onnxruntime-web) the engine uses. */
export interface OrtModule {
  InferenceSession: { create(model: Uint8Array, options?: Record<string, unknown>): Promise<OrtSession> };
  Tensor: new (type: 'float32' | 'int32', data: Float32Array | Int32Array, dims: readonly number[]) => OrtTensor;
}
interface OrtTensor {
  readonly data: unknown;
  readonly dims: readonly number[];
  /** `cpu`, or e.g. `gpu-buffer` for a tensor left on the device (onnxruntime-web). */
  readonly location?: string;
  getData?(releaseData?: boolean): Promise<unknown>;
  dispose?(): void;
}
interface OrtSession {
  run(feeds: Record<string, OrtTensor>, fetches?: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  release(): Promise<void>;
}
namespace ort {
  export type Tensor = OrtTensor;
  export type InferenceSession = OrtSession;
}

export interface OrtTrainingEngineOptions {
  /** The runtime: `import * as ort from 'onnxruntime-node'` (or onnxruntime-web). */
  ort: OrtModule;
  /** Shown in progress events, e.g. `onnxruntime-node-cpu`. */
  name: string;
  /**
   * Let ONNX Runtime write updated weights into pre-allocated buffers (onnxruntime-node supports it).
   * Otherwise the engine adopts the output tensors ONNX Runtime allocates; either way nothing is copied.
   */
  preallocateOutputs?: boolean;
  /** Execution providers, e.g. ['cpu'] or ['webgpu', 'wasm']. Default ['cpu']. */
  executionProviders?: string[];
  /**
   * Keep updated weights and moments on the device between steps (onnxruntime-web's `gpu-buffer`
   * output location on WebGPU): only the loss and gradient norm come back to the CPU each step.
   */
  keepOnDevice?: boolean;
  /** Intra-op threads. Default: ONNX Runtime's choice (all cores). */
  threads?: number;
  /** Graph optimisation level. Default `all` (fuses transposes into matmuls, among others). */
  graphOptimization?: 'disabled' | 'basic' | 'extended' | 'all';
  /**
   * A queue shared with other sessions of the same runtime (`createRunQueue`): each training or
   * evaluation run waits for the runs before it. onnxruntime-web refuses a run on any session while
   * another is in flight, so its training engine joins the queue its inference sessions use.
   */
  runQueue?: RunQueue;
}

/** One full set of weights and AdamW moments, as ONNX Runtime tensors. */
interface Slots {
  weights: ort.Tensor[];
  first: ort.Tensor[];
  second: ort.Tensor[];
}

/**
 * Runs the whole training step on ONNX Runtime: one session run is forward, loss, backward (emitted
 * by this folder's autodiff), clipping and AdamW. Weights and moments live in two buffer sets: a
 * step reads one and the runtime writes the updated values into the other (pre-allocated outputs
 * where the runtime supports them, else the outputs it allocates are adopted), then they swap, so
 * nothing is copied between steps. A step whose loss or gradient norm is not finite does not swap:
 * the weights stay as they were. Works with onnxruntime-node and onnxruntime-web alike.
 */
export class OrtTrainingEngine implements TrainingEngine {
  readonly name: string;
  private current = 0;
  private stepCount = 0;
  private readonly lossOut: OrtTensor;
  private readonly normOut: OrtTensor;

  /** Dropout mask buffers, reused while the batch shape stays the same. */
  private masks: { key: string; tensors: ort.Tensor[] } = { key: '', tensors: [] };

  private constructor(
    private readonly train: ort.InferenceSession,
    private readonly evaluator: ort.InferenceSession,
    private readonly specs: Array<{ name: string; dims: number[] }>,
    private readonly slots: [Slots, Slots],
    private readonly graphs: Pick<TrainingGraphs, 'batchInputs' | 'dropoutMasks'> & Partial<Pick<TrainingGraphs, 'fixedDims'>>,
    private readonly options: OrtTrainingEngineOptions,
  ) {
    const { threads } = options;
    this.name = `${options.name}${threads ? ` (${threads} thread${threads === 1 ? '' : 's'})` : ''}`;
    this.lossOut = new options.ort.Tensor('float32', new Float32Array(1), []);
    this.normOut = new options.ort.Tensor('float32', new Float32Array(1), []);
  }

  /** Builds the training and eval graphs from the model's emitters (with its current weights) and opens both sessions. */
  static async create(model: OnnxTrainable, options: OrtTrainingEngineOptions): Promise<OrtTrainingEngine> {
    const { ort } = options;
    const graphs = buildTrainingGraphs(model);
    const sessionOptions = {
      executionProviders: options.executionProviders ?? ['cpu'],
      graphOptimizationLevel: options.graphOptimization ?? 'all',
      ...(options.threads ? { intraOpNumThreads: options.threads, interOpNumThreads: 1 } : {}),
    };
    const stateOutputs = graphs.weights.flatMap((w) => [nextName(w.name), nextName(momentName(w.name, 1)), nextName(momentName(w.name, 2))]);
    const trainOptions = options.keepOnDevice
      ? { ...sessionOptions, preferredOutputLocation: { loss: 'cpu', grad_norm: 'cpu', ...Object.fromEntries(stateOutputs.map((n) => [n, 'gpu-buffer'])) } }
      : sessionOptions;
    const [train, evaluator] = await Promise.all([
      ort.InferenceSession.create(graphs.train, trainOptions),
      ort.InferenceSession.create(graphs.evaluate, sessionOptions),
    ]);
    const slotSet = (init: boolean): Slots => {
      const make = (w: (typeof graphs.weights)[number], values?: Float32Array) =>
        new ort.Tensor('float32', values ? values.slice() : new Float32Array(w.data.length), w.dims);
      return {
        weights: graphs.weights.map((w) => make(w, init ? w.data : undefined)),
        first: graphs.weights.map((w) => make(w)),
        second: graphs.weights.map((w) => make(w)),
      };
    };
    const specs = graphs.weights.map(({ name, dims }) => ({ name, dims }));
    return new OrtTrainingEngine(train, evaluator, specs, [slotSet(true), slotSet(false)], graphs, options);
  }

  async step(batch: Batch, params: StepParams): Promise<StepResult> {
    const t = this.stepCount + 1;
    const from = this.slots[this.current]!;
    const to = this.slots[1 - this.current]!;
    const feeds: Record<string, ort.Tensor> = {
      ...batchTensors(this.options.ort, batch),
      ...this.slotFeeds(from),
      ...scalars(this.options.ort, params, t),
      ...this.dropoutFeeds(batch, params.seed),
    };
    let out: Record<string, OrtTensor>;
    if (this.options.preallocateOutputs) {
      const fetches: Record<string, ort.Tensor> = { loss: this.lossOut, grad_norm: this.normOut };
      this.specs.forEach((w, i) => {
        fetches[nextName(w.name)] = to.weights[i]!;
        fetches[nextName(momentName(w.name, 1))] = to.first[i]!;
        fetches[nextName(momentName(w.name, 2))] = to.second[i]!;
      });
      out = await this.run(this.train, feeds, fetches);
    } else {
      out = await this.run(this.train, feeds);
    }
    const loss = (out['loss']!.data as Float32Array)[0]!;
    const gradNorm = (out['grad_norm']!.data as Float32Array)[0]!;
    const applied = Number.isFinite(loss) && Number.isFinite(gradNorm);
    if (!this.options.preallocateOutputs) {
      const fresh = this.specs.map((w) => [nextName(w.name), nextName(momentName(w.name, 1)), nextName(momentName(w.name, 2))].map((n) => out[n]!));
      if (applied) {
        // adopt the runtime's fresh output tensors as the other buffer set; the ones they replace
        // were last step's inputs and are free now (on a GPU, dispose() gives their memory back)
        fresh.forEach(([wt, m1, m2], i) => {
          for (const old of [to.weights[i], to.first[i], to.second[i]]) old?.dispose?.();
          to.weights[i] = wt!;
          to.first[i] = m1!;
          to.second[i] = m2!;
        });
      } else {
        for (const t3 of fresh.flat()) t3.dispose?.();
      }
    }
    if (applied) {
      this.current = 1 - this.current;
      this.stepCount = t;
    }
    return { loss, gradNorm, applied };
  }

  async evaluate(batch: Batch): Promise<EvalResult> {
    const feeds = { ...batchTensors(this.options.ort, batch) };
    this.specs.forEach((w, i) => (feeds[w.name] = this.slots[this.current]!.weights[i]!));
    const out = await this.run(this.evaluator, feeds);
    const output = out['output']!;
    return { loss: (out['loss']!.data as Float32Array)[0]!, output: (output.data as Float32Array).slice(), outputShape: [...output.dims] };
  }

  /** One session run, in the shared queue when there is one. */
  private run(session: ort.InferenceSession, feeds: Record<string, ort.Tensor>, fetches?: Record<string, ort.Tensor>): Promise<Record<string, OrtTensor>> {
    const go = () => (fetches ? session.run(feeds, fetches) : session.run(feeds));
    return this.options.runQueue ? enqueueRun(this.options.runQueue, go) : go();
  }

  describeWeights(): Array<{ name: string; shape: number[] }> {
    return this.specs.map((w) => ({ name: w.name, shape: [...w.dims] }));
  }

  async readWeights(): Promise<NamedArray[]> {
    return this.read(this.slots[this.current]!.weights);
  }

  writeWeights(weights: NamedArray[]): void {
    this.write(weights, this.slots[this.current]!.weights);
  }

  async readState(): Promise<TrainingState> {
    const s = this.slots[this.current]!;
    return {
      step: this.stepCount,
      weights: await this.read(s.weights),
      firstMoments: await this.read(s.first),
      secondMoments: await this.read(s.second),
    };
  }

  writeState(state: TrainingState): void {
    const s = this.slots[this.current]!;
    this.write(state.weights, s.weights);
    this.write(state.firstMoments, s.first);
    this.write(state.secondMoments, s.second);
    this.stepCount = state.step;
  }

  dispose(): void {
    void this.train.release();
    void this.evaluator.release();
  }

  /** Fresh dropout masks for this step, drawn from the step's seed (so a resumed run replays them). */
  private dropoutFeeds(batch: Batch, seed: number): Record<string, ort.Tensor> {
    const { dropoutMasks, batchInputs, fixedDims } = this.graphs;
    if (!dropoutMasks.length) return {};
    const bound = bindDims(batchInputs, batch, fixedDims);
    const shapes = dropoutMasks.map((m) => resolveDims(m.dims, bound));
    const key = shapes.map((d) => d.join('x')).join(',');
    if (this.masks.key !== key) {
      this.masks = { key, tensors: shapes.map((d) => new this.options.ort.Tensor('float32', new Float32Array(d.reduce((a, b) => a * b, 1)), d)) };
    }
    const feeds: Record<string, ort.Tensor> = {};
    dropoutMasks.forEach((m, i) => {
      const tensor = this.masks.tensors[i]!;
      fillDropoutMask(tensor.data as Float32Array, m.rate, maskSeed(seed, i));
      feeds[m.name] = tensor;
    });
    return feeds;
  }

  private slotFeeds(s: Slots): Record<string, ort.Tensor> {
    const feeds: Record<string, ort.Tensor> = {};
    this.specs.forEach((w, i) => {
      feeds[w.name] = s.weights[i]!;
      feeds[momentName(w.name, 1)] = s.first[i]!;
      feeds[momentName(w.name, 2)] = s.second[i]!;
    });
    return feeds;
  }

  private read(tensors: ort.Tensor[]): Promise<NamedArray[]> {
    return Promise.all(
      this.specs.map(async (w, i) => {
        const t = tensors[i]!;
        // a tensor left on a GPU is downloaded (getData), a CPU one copied
        const data = t.location && t.location !== 'cpu' ? ((await t.getData!()) as Float32Array) : (t.data as Float32Array).slice();
        return { name: w.name, shape: [...w.dims], data };
      }),
    );
  }

  private write(arrays: NamedArray[], into: ort.Tensor[]): void {
    if (arrays.length !== this.specs.length) throw new CheckpointMismatchError(`Expected ${this.specs.length} weights, got ${arrays.length}.`);
    this.specs.forEach((w, i) => {
      const a = arrays[i]!;
      if (a.name !== w.name || a.shape.join(',') !== w.dims.join(',')) {
        throw new CheckpointMismatchError(`Weight ${i} is ${a.name} [${a.shape}] in the saved state but ${w.name} [${w.dims}] in the model.`);
      }
      const target = into[i]!;
      if (target.location && target.location !== 'cpu') {
        target.dispose?.(); // a device tensor cannot be written in place: replace it with a CPU one
        into[i] = new this.options.ort.Tensor('float32', a.data.slice(), w.dims);
      } else {
        (target.data as Float32Array).set(a.data);
      }
    });
  }
}

function batchTensors(ortModule: OrtModule, batch: Batch): Record<string, OrtTensor> {
  const out: Record<string, OrtTensor> = {};
  for (const [name, { data, shape }] of Object.entries(batch)) {
    out[name] = new ortModule.Tensor(data instanceof Int32Array ? 'int32' : 'float32', data, shape);
  }
  return out;
}

function scalars(ortModule: OrtModule, p: StepParams, t: number): Record<string, OrtTensor> {
  const s = (v: number) => new ortModule.Tensor('float32', Float32Array.of(v), []);
  return {
    lr: s(p.learningRate),
    beta1: s(p.beta1),
    beta2: s(p.beta2),
    epsilon: s(p.epsilon),
    weight_decay: s(p.weightDecay),
    clip_norm: s(p.clipNorm > 0 ? p.clipNorm : Number.POSITIVE_INFINITY),
    bias_correction1: s(1 - Math.pow(p.beta1, t)),
    bias_correction2: s(1 - Math.pow(p.beta2, t)),
  };
}
