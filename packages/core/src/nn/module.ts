import * as tf from '@tensorflow/tfjs-core';
import { deriveSeed, hashString } from '../util/random.js';
import type { Initializer } from './init.js';

/** Options every module takes: where it sits in the model (its name) and the seed of its weights. */
export interface ModuleOptions {
  /** Dotted path of this module inside the model, e.g. `encoder.layers.0.attention`. Default: the class's own name. */
  name?: string;
  /** Seed of the initial weights. Each parameter's seed is derived from this and the parameter's full name,
   * so weights do not depend on construction order. Default 0. */
  seed?: number;
}

/** Per-call state of a forward pass. */
export interface ForwardContext {
  /** Training mode turns dropout on. Default false. */
  training?: boolean;
  /** Seed of this step's dropout masks (the trainer passes a fresh one per step). Default 0. */
  seed?: number;
}

/**
 * Base of every building block: owns named, ordered weights (tf.Variables) and child modules.
 * Names are local to the model (tfjs' global variable names stay auto-generated, so two models can
 * coexist in one process).
 */
export abstract class Module {
  readonly name: string;
  protected readonly seed: number;
  private readonly ownParameters: Array<[string, tf.Variable]> = [];
  private readonly children: Module[] = [];

  constructor(options: ModuleOptions = {}, defaultName: string) {
    this.name = options.name ?? defaultName;
    this.seed = options.seed ?? 0;
  }

  /** Name a child will carry: `<this.name>.<local>`. */
  protected childName(local: string): string {
    return `${this.name}.${local}`;
  }

  /** Child options: same seed, nested name. */
  protected childOptions(local: string): ModuleOptions {
    return { name: this.childName(local), seed: this.seed };
  }

  protected addParameter(local: string, shape: number[], init: Initializer): tf.Variable {
    const fullName = this.childName(local);
    const values = init(shape, deriveSeed(this.seed, hashString(fullName)));
    const variable = tf.variable(tf.tensor(values, shape, 'float32'), true);
    this.ownParameters.push([fullName, variable]);
    return variable;
  }

  protected addModule<M extends Module>(module: M): M {
    this.children.push(module);
    return module;
  }

  /** Every weight of this module and its children, in a fixed order, with its full name. */
  namedParameters(): Array<[string, tf.Variable]> {
    return [...this.ownParameters, ...this.children.flatMap((c) => c.namedParameters())];
  }

  /** Total number of scalar weights. */
  parameterCount(): number {
    return this.namedParameters().reduce((n, [, v]) => n + v.size, 0);
  }

  /** Frees every weight. The module cannot be used afterwards. */
  dispose(): void {
    for (const [, v] of this.namedParameters()) v.dispose();
  }
}
