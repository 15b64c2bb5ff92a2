import * as tf from '@tensorflow/tfjs-core';
import { AttuneError } from '../errors/attune-error.js';
import { CheckpointMismatchError } from '../errors/training-errors.js';
import type { ForwardContext } from '../nn/module.js';
import { adamwUpdate, clipScale, globalNorm, type AdamWSlot } from './adamw.js';
import type { TrainingEngine } from './engine.js';
import type { Batch, EvalResult, NamedArray, StepParams, StepResult, TrainingState } from './types.js';

/** What a model offers the tfjs engine: its weights, a training loss and an eval output. */
export interface TfjsTrainable {
  namedParameters(): Array<[string, tf.Variable]>;
  /** Mean loss of the batch (a scalar); `ctx.training` is true during steps. */
  loss(inputs: Record<string, tf.Tensor>, ctx: ForwardContext): tf.Scalar;
  /** Eval-mode output, e.g. logits [B, C]. */
  predict(inputs: Record<string, tf.Tensor>): tf.Tensor;
}

/** Runs training steps with tfjs autodiff on whatever tfjs backend is active (wasm, cpu, webgpu, webgl). */
export class TfjsEngine implements TrainingEngine {
  readonly name: string;
  private readonly slots: Array<AdamWSlot & { name: string }>;
  private stepCount = 0;

  constructor(private readonly model: TfjsTrainable) {
    this.name = `tfjs-${tf.getBackend()}`;
    this.slots = model.namedParameters().map(([name, param]) => ({
      name,
      param,
      m: tf.variable(tf.zerosLike(param), false),
      v: tf.variable(tf.zerosLike(param), false),
      decay: param.rank >= 2,
    }));
  }

  async step(batch: Batch, params: StepParams): Promise<StepResult> {
    const inputs = toTensors(batch);
    const vars = this.slots.map((s) => s.param);
    const { value, grads } = withGradientHint(() =>
      tf.variableGrads(() => this.model.loss(inputs, { training: true, seed: params.seed }), vars),
    );
    const gradList = this.slots.map((s) => grads[s.param.name]!);
    const stats = tf.tidy(() => tf.stack([value, globalNorm(gradList)]));
    const [loss, gradNorm] = (await stats.data()) as Float32Array as unknown as [number, number];
    stats.dispose();
    value.dispose();
    disposeAll(inputs);
    const applied = Number.isFinite(loss) && Number.isFinite(gradNorm);
    if (applied) {
      this.stepCount += 1;
      adamwUpdate(this.slots, gradList, this.stepCount, params, clipScale(gradNorm, params.clipNorm));
    }
    tf.dispose(gradList);
    return { loss, gradNorm, applied };
  }

  async evaluate(batch: Batch): Promise<EvalResult> {
    const inputs = toTensors(batch);
    const [lossT, out] = tf.tidy(() => [this.model.loss(inputs, { training: false }), this.model.predict(inputs)]);
    const loss = (await lossT!.data())[0]!;
    const output = (await out!.data()) as Float32Array;
    const outputShape = out!.shape;
    tf.dispose([lossT!, out!]);
    disposeAll(inputs);
    return { loss, output, outputShape };
  }

  describeWeights(): Array<{ name: string; shape: number[] }> {
    return this.slots.map((s) => ({ name: s.name, shape: s.param.shape }));
  }

  async readWeights(): Promise<NamedArray[]> {
    return Promise.all(this.slots.map(async (s) => read(s.name, s.param)));
  }

  writeWeights(weights: NamedArray[]): void {
    this.assignAll(weights, 'param');
  }

  async readState(): Promise<TrainingState> {
    return {
      step: this.stepCount,
      weights: await this.readWeights(),
      firstMoments: await Promise.all(this.slots.map((s) => read(s.name, s.m))),
      secondMoments: await Promise.all(this.slots.map((s) => read(s.name, s.v))),
    };
  }

  writeState(state: TrainingState): void {
    this.assignAll(state.weights, 'param');
    this.assignAll(state.firstMoments, 'm');
    this.assignAll(state.secondMoments, 'v');
    this.stepCount = state.step;
  }

  dispose(): void {
    for (const s of this.slots) {
      s.m.dispose();
      s.v.dispose();
    }
  }

  private assignAll(arrays: NamedArray[], key: 'param' | 'm' | 'v'): void {
    if (arrays.length !== this.slots.length) {
      throw new CheckpointMismatchError(`Expected ${this.slots.length} weights, got ${arrays.length}.`);
    }
    this.slots.forEach((slot, i) => {
      const a = arrays[i]!;
      if (a.name !== slot.name || a.shape.join(',') !== slot.param.shape.join(',')) {
        throw new CheckpointMismatchError(
          `Weight ${i} is ${a.name} [${a.shape.join(', ')}] in the saved state but ${slot.name} [${slot.param.shape.join(', ')}] in the model.`,
        );
      }
      tf.tidy(() => slot[key].assign(tf.tensor(a.data, a.shape, 'float32')));
    });
  }
}

/**
 * tfjs-core ships its gradient functions in a separate module that only bundlers can load; the
 * platform packages register them. Turn tfjs' terse failure into a message that says so.
 */
function withGradientHint<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof Error && error.message.includes('gradient function not found')) {
      throw new AttuneError(
        'BACKEND_UNAVAILABLE',
        `tfjs gradients are not registered (${error.message}). In Node call \`await setupTfjs()\` from ` +
          "@attune/node; in a bundled web app import '@tensorflow/tfjs-core/dist/register_all_gradients' once.",
        { cause: error },
      );
    }
    throw error;
  }
}

async function read(name: string, t: tf.Tensor): Promise<NamedArray> {
  // slice(): own copy, never a view onto backend memory that a later op might reuse
  return { name, shape: [...t.shape], data: ((await t.data()) as Float32Array).slice() };
}

export function toTensors(batch: Batch): Record<string, tf.Tensor> {
  const out: Record<string, tf.Tensor> = {};
  for (const [key, { data, shape }] of Object.entries(batch)) {
    out[key] = tf.tensor(data, shape, data instanceof Int32Array ? 'int32' : 'float32');
  }
  return out;
}

function disposeAll(tensors: Record<string, tf.Tensor>): void {
  for (const t of Object.values(tensors)) t.dispose();
}
