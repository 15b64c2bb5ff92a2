import {
  buildTrainingGraphs,
  CheckpointMismatchError,
  momentName,
  nextName,
  type Batch,
  type EvalResult,
  type NamedArray,
  type OnnxTrainable,
  type StepParams,
  type StepResult,
  type TrainingEngine,
  type TrainingState,
} from '@attune/core';
import * as ort from 'onnxruntime-node';

export interface OnnxTrainingEngineOptions {
  /** Intra-op threads. Default: ONNX Runtime's choice (all cores). */
  threads?: number;
  /** Graph optimisation level. Default `all` (fuses transposes into matmuls, among others). */
  graphOptimization?: 'disabled' | 'basic' | 'extended' | 'all';
}

/** One full set of weights and AdamW moments, as ONNX Runtime tensors over JS-owned buffers. */
interface Slots {
  weights: ort.Tensor[];
  first: ort.Tensor[];
  second: ort.Tensor[];
}

/**
 * Runs the whole training step on ONNX Runtime: one session run is forward, loss, backward (the
 * graph core's autodiff emits), clipping and AdamW. Weights and moments live in two pre-allocated
 * buffer sets: a step reads one set and ONNX Runtime writes the updated values straight into the
 * other (pre-allocated outputs), then they swap, so nothing is copied between steps. A step whose loss
 * or gradient norm is not finite does not swap: the weights stay as they were.
 */
export class OnnxTrainingEngine implements TrainingEngine {
  readonly name: string;
  private current = 0;
  private stepCount = 0;
  private readonly lossOut = new ort.Tensor('float32', new Float32Array(1), []);
  private readonly normOut = new ort.Tensor('float32', new Float32Array(1), []);

  private constructor(
    private readonly train: ort.InferenceSession,
    private readonly evaluator: ort.InferenceSession,
    private readonly specs: Array<{ name: string; dims: number[] }>,
    private readonly slots: [Slots, Slots],
    threads: number | undefined,
  ) {
    this.name = `onnxruntime-node-cpu${threads ? ` (${threads} thread${threads === 1 ? '' : 's'})` : ''}`;
  }

  /** Builds the training and eval graphs from the model's emitters (with its current weights) and opens both sessions. */
  static async create(model: OnnxTrainable, options: OnnxTrainingEngineOptions = {}): Promise<OnnxTrainingEngine> {
    const graphs = buildTrainingGraphs(model);
    const sessionOptions: ort.InferenceSession.SessionOptions = {
      executionProviders: ['cpu'],
      graphOptimizationLevel: options.graphOptimization ?? 'all',
      ...(options.threads ? { intraOpNumThreads: options.threads, interOpNumThreads: 1 } : {}),
    };
    const [train, evaluator] = await Promise.all([
      ort.InferenceSession.create(graphs.train, sessionOptions),
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
    return new OnnxTrainingEngine(train, evaluator, specs, [slotSet(true), slotSet(false)], options.threads);
  }

  async step(batch: Batch, params: StepParams): Promise<StepResult> {
    const t = this.stepCount + 1;
    const from = this.slots[this.current]!;
    const to = this.slots[1 - this.current]!;
    const feeds: Record<string, ort.Tensor> = { ...batchTensors(batch), ...this.slotFeeds(from), ...scalars(params, t) };
    const fetches: Record<string, ort.Tensor> = { loss: this.lossOut, grad_norm: this.normOut };
    this.specs.forEach((w, i) => {
      fetches[nextName(w.name)] = to.weights[i]!;
      fetches[nextName(momentName(w.name, 1))] = to.first[i]!;
      fetches[nextName(momentName(w.name, 2))] = to.second[i]!;
    });
    const out = await this.train.run(feeds, fetches);
    const loss = (out['loss']!.data as Float32Array)[0]!;
    const gradNorm = (out['grad_norm']!.data as Float32Array)[0]!;
    const applied = Number.isFinite(loss) && Number.isFinite(gradNorm);
    if (applied) {
      this.current = 1 - this.current;
      this.stepCount = t;
    }
    return { loss, gradNorm, applied };
  }

  async evaluate(batch: Batch): Promise<EvalResult> {
    const feeds = { ...batchTensors(batch) };
    this.specs.forEach((w, i) => (feeds[w.name] = this.slots[this.current]!.weights[i]!));
    const out = await this.evaluator.run(feeds);
    const output = out['output']!;
    return { loss: (out['loss']!.data as Float32Array)[0]!, output: (output.data as Float32Array).slice(), outputShape: [...output.dims] };
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
    return { step: this.stepCount, weights: this.read(s.weights), firstMoments: this.read(s.first), secondMoments: this.read(s.second) };
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

  private slotFeeds(s: Slots): Record<string, ort.Tensor> {
    const feeds: Record<string, ort.Tensor> = {};
    this.specs.forEach((w, i) => {
      feeds[w.name] = s.weights[i]!;
      feeds[momentName(w.name, 1)] = s.first[i]!;
      feeds[momentName(w.name, 2)] = s.second[i]!;
    });
    return feeds;
  }

  private read(tensors: ort.Tensor[]): NamedArray[] {
    return this.specs.map((w, i) => ({ name: w.name, shape: [...w.dims], data: (tensors[i]!.data as Float32Array).slice() }));
  }

  private write(arrays: NamedArray[], into: ort.Tensor[]): void {
    if (arrays.length !== this.specs.length) throw new CheckpointMismatchError(`Expected ${this.specs.length} weights, got ${arrays.length}.`);
    this.specs.forEach((w, i) => {
      const a = arrays[i]!;
      if (a.name !== w.name || a.shape.join(',') !== w.dims.join(',')) {
        throw new CheckpointMismatchError(`Weight ${i} is ${a.name} [${a.shape}] in the saved state but ${w.name} [${w.dims}] in the model.`);
      }
      (into[i]!.data as Float32Array).set(a.data);
    });
  }
}

function batchTensors(batch: Batch): Record<string, ort.Tensor> {
  const out: Record<string, ort.Tensor> = {};
  for (const [name, { data, shape }] of Object.entries(batch)) {
    out[name] = new ort.Tensor(data instanceof Int32Array ? 'int32' : 'float32', data, shape);
  }
  return out;
}

function scalars(p: StepParams, t: number): Record<string, ort.Tensor> {
  const s = (v: number) => new ort.Tensor('float32', Float32Array.of(v), []);
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
