// Each gradient rule on its own: a tiny graph y = op(inputs), loss = Σ y·R with a fixed random R,
// differentiated by our autodiff and run on onnxruntime-node, against central finite differences of
// the same forward graph (float32, so tolerances are loose: these catch wrong formulas, not rounding).
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { OnnxGraphBuilder, type DTypeName } from '../onnx/graph-builder.js';
import { Rng } from '../util/random.js';
import { differentiate } from './autodiff.js';
import { GraphView } from './graph-view.js';

interface Arg {
  name: string;
  dims: number[];
  /** Differentiate with respect to this input (float inputs only). */
  grad?: boolean;
  type?: DTypeName;
  values?: number[];
}

async function checkRule(op: string, args: Arg[], build: (g: OnnxGraphBuilder, names: string[]) => string, tolerance = 2e-2) {
  const rng = new Rng(op.length * 31 + args.length);
  const data = args.map((a) => a.values ?? Array.from({ length: a.dims.reduce((x, y) => x * y, 1) }, () => rng.normal() * 0.8));
  const make = (withGrads: boolean) => {
    const g = new OnnxGraphBuilder();
    const names = args.map((a) => g.input(a.name, a.type ?? 'float32', a.dims));
    const y = build(g, names);
    const r = g.input('r', 'float32', []); // broadcast weight for the loss; fed as a tensor below
    const loss = g.op('ReduceSum', [g.op('Mul', [g.op('Mul', [y, y]), r])], { keepdims: 0 }); // nonlinear in y, so every rule is exercised
    g.output(g.op('Identity', [loss], {}, 'loss'), 'float32', []);
    if (withGrads) {
      const grads = differentiate(new GraphView(g), loss, args.filter((a) => a.grad).map((a) => a.name));
      for (const [name, d] of grads) g.output(g.op('Identity', [d], {}, `d_${name}`), 'float32');
    }
    return ort.InferenceSession.create(g.toBytes(op, 18));
  };
  const feedsOf = (values: number[][]) => {
    const feeds: Record<string, ort.Tensor> = { r: new ort.Tensor('float32', Float32Array.of(0.7), []) };
    args.forEach((a, i) => {
      const t = a.type ?? 'float32';
      feeds[a.name] = new ort.Tensor(t as 'float32', t === 'int32' ? Int32Array.from(values[i]!) : Float32Array.from(values[i]!), a.dims);
    });
    return feeds;
  };
  const withGrads = await make(true);
  const forward = await make(false);
  const analytic = await withGrads.run(feedsOf(data));
  for (const [i, a] of args.entries()) {
    if (!a.grad) continue;
    const got = analytic[`d_${a.name}`]!.data as Float32Array;
    for (let j = 0; j < data[i]!.length; j++) {
      const eps = 1e-2;
      const at = async (delta: number) => {
        const shifted = data.map((d, k) => (k === i ? d.map((v, m) => (m === j ? v + delta : v)) : d));
        return ((await forward.run(feedsOf(shifted)))['loss']!.data as Float32Array)[0]!;
      };
      const numeric = ((await at(eps)) - (await at(-eps))) / (2 * eps);
      expect(Math.abs(got[j]! - numeric), `${op}: d/d${a.name}[${j}] analytic ${got[j]} numeric ${numeric}`).toBeLessThanOrEqual(
        tolerance * Math.max(1, Math.abs(numeric)),
      );
    }
  }
}

const float = (name: string, dims: number[], grad = true): Arg => ({ name, dims, grad });

describe('gradient rules against finite differences', () => {
  it('Add, Sub, Mul, Div with broadcasting', async () => {
    for (const op of ['Add', 'Sub', 'Mul', 'Div']) {
      const divisor = op === 'Div' ? { values: [1.5, -2, 2.5] } : {};
      await checkRule(op, [float('a', [2, 2, 3]), { ...float('b', [3]), ...divisor }], (g, [a, b]) => g.op(op, [a!, b!]));
    }
  });
  it('MatMul: batched, and against a shared 2-D weight', async () => {
    await checkRule('MatMul', [float('a', [2, 3, 4]), float('b', [2, 4, 2])], (g, [a, b]) => g.op('MatMul', [a!, b!]));
    await checkRule('MatMul', [float('a', [2, 3, 4]), float('w', [4, 2])], (g, [a, w]) => g.op('MatMul', [a!, w!]));
  });
  it('Erf, Tanh, Exp, Sqrt, Neg', async () => {
    for (const op of ['Erf', 'Tanh', 'Exp', 'Neg']) await checkRule(op, [float('x', [2, 5])], (g, [x]) => g.op(op, [x!]));
    await checkRule('Sqrt', [{ ...float('x', [4]), values: [0.5, 1, 2, 3] }], (g, [x]) => g.op('Sqrt', [x!]));
  });
  it('Softmax and LogSoftmax over the last axis', async () => {
    for (const op of ['Softmax', 'LogSoftmax']) await checkRule(op, [float('x', [2, 2, 4])], (g, [x]) => g.op(op, [x!], { axis: -1 }));
  });
  it('LayerNormalization (x, scale, bias)', async () => {
    await checkRule('LayerNormalization', [float('x', [2, 3, 4]), float('s', [4]), float('b', [4])], (g, [x, s, b]) =>
      g.op('LayerNormalization', [x!, s!, b!], { axis: -1, epsilon: { float: 1e-5 } }),
    );
  });
  it('Reshape, Transpose, Unsqueeze', async () => {
    await checkRule('Reshape', [float('x', [2, 6])], (g, [x]) => g.op('Reshape', [x!, g.constant('int64', [3, 4])]));
    await checkRule('Transpose', [float('x', [2, 3, 4])], (g, [x]) => g.op('Transpose', [x!], { perm: [2, 0, 1] }));
    await checkRule('Unsqueeze', [float('x', [2, 3])], (g, [x]) => g.op('Unsqueeze', [x!, g.constant('int64', [1])]));
  });
  it('ReduceSum and ReduceMean, keeping and dropping axes', async () => {
    for (const op of ['ReduceSum', 'ReduceMean']) {
      for (const keepdims of [0, 1]) await checkRule(op, [float('x', [2, 3, 4])], (g, [x]) => g.op(op, [x!, g.constant('int64', [1])], { keepdims }));
    }
  });
  it('Gather (embedding rows, repeated ids) and Slice (leading rows)', async () => {
    await checkRule('Gather', [float('table', [5, 3]), { name: 'ids', dims: [2, 3], type: 'int32', values: [1, 4, 1, 0, 1, 3] }], (g, [t, ids]) =>
      g.op('Gather', [t!, ids!], { axis: 0 }),
    );
    await checkRule('Slice', [float('table', [6, 3]), float('x', [4, 3], false)], (g, [t, x]) =>
      g.op('Add', [x!, g.op('Slice', [t!, g.constant('int64', [0]), g.op('Shape', [x!], { start: 0, end: 1 }), g.constant('int64', [0])])]),
    );
  });
  it('Max (ties go to the first input)', async () => {
    await checkRule('Max', [float('a', [6]), { ...float('b', [6]), values: [2, -2, 0.3, -0.1, 1, 0] }], (g, [a, b]) => g.op('Max', [a!, b!]));
  });
  it('Softplus, Sigmoid', async () => {
    for (const op of ['Softplus', 'Sigmoid']) await checkRule(op, [float('x', [2, 5])], (g, [x]) => g.op(op, [x!]));
  });
  it('Concat along the last and a leading axis, with one input held constant', async () => {
    await checkRule('Concat', [float('a', [2, 1]), float('b', [2, 3])], (g, [a, b]) => g.op('Concat', [a!, b!], { axis: -1 }));
    await checkRule('Concat', [float('a', [1, 3]), float('b', [2, 3], false), float('c', [2, 3])], (g, [a, b, c]) =>
      g.op('Concat', [a!, b!, c!], { axis: 0 }),
    );
  });
  it('Expand (a learned token broadcast over a batch read at run time)', async () => {
    await checkRule('Expand', [float('cls', [1, 1, 3]), float('x', [2, 4, 3], false)], (g, [cls, x]) => {
      const shape = g.op('Concat', [g.op('Shape', [x!], { start: 0, end: 1 }), g.constant('int64', [1, 3])], { axis: 0 });
      return g.op('Concat', [g.op('Expand', [cls!, shape]), x!], { axis: 1 });
    });
  });
  it('Add against a causal mask built at run time (rank of ConstantOfShape and ScatterND inferred)', async () => {
    await checkRule('Add', [float('x', [2, 3, 3]), float('t', [4, 3])], (g, [x, t]) => {
      const n = g.op('Shape', [x!], { start: 1, end: 2 });
      const square = g.op('ConstantOfShape', [g.op('Concat', [n, n], { axis: 0 })], { value: { tensor: { dataType: 1, dims: [1], floatData: [1] } } });
      const rows = g.op('Gather', [t!, g.constant('int32', [0, 2, 2])], { axis: 0 }); // [3, 3], scatter-added gradient
      return g.op('Add', [g.op('Add', [x!, g.op('Trilu', [square], { upper: 0 })]), rows]);
    });
  });
});
