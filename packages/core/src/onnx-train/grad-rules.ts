import { AttuneError } from '../errors/attune-error.js';
import { attrInt, attrInts, type GraphView, type OnnxNode } from './graph-view.js';
import { sumToShape } from './sum-to-shape.js';

/**
 * Reverse-mode rules, one per ONNX op, in the spirit of tinygrad's gradient table: given a node, the
 * gradients of its outputs (`dy[i]`, undefined when an output does not reach the loss) and which
 * inputs want a gradient, emit the nodes that compute those input gradients.
 */
export type GradRule = (view: GraphView, node: OnnxNode, dy: Array<string | undefined>, wants: boolean[]) => Array<string | undefined>;

const ins = (n: OnnxNode) => n.input as string[];
const outs = (n: OnnxNode) => n.output as string[];
/** Swaps the last two axes of a rank-r tensor. */
const swapLast = (r: number) => [...Array.from({ length: r - 2 }, (_, i) => i), r - 1, r - 2];

export const GRAD_RULES: Record<string, GradRule> = {
  Identity: (_v, _n, [dy]) => [dy],
  Neg: (v, _n, [dy]) => [v.g.op('Neg', [dy!])],

  Add: (v, n, [dy], w) => {
    const [a, b] = ins(n);
    return [w[0] ? sumToShape(v, dy!, a!, outs(n)[0]!, b) : undefined, w[1] ? sumToShape(v, dy!, b!, outs(n)[0]!, a) : undefined];
  },
  Sub: (v, n, [dy], w) => {
    const [a, b] = ins(n);
    return [w[0] ? sumToShape(v, dy!, a!, outs(n)[0]!, b) : undefined, w[1] ? sumToShape(v, v.g.op('Neg', [dy!]), b!, outs(n)[0]!, a) : undefined];
  },
  Mul: (v, n, [dy], w) => {
    const [a, b] = ins(n);
    const { g } = v;
    return [
      w[0] ? sumToShape(v, g.op('Mul', [dy!, b!]), a!, outs(n)[0]!, b) : undefined,
      w[1] ? sumToShape(v, g.op('Mul', [dy!, a!]), b!, outs(n)[0]!, a) : undefined,
    ];
  },
  Div: (v, n, [dy], w) => {
    const [a, b] = ins(n);
    const { g } = v;
    // d(a/b)/db = -a/b² = -(a/b)/b: reuse the forward output
    return [
      w[0] ? sumToShape(v, g.op('Div', [dy!, b!]), a!, outs(n)[0]!, b) : undefined,
      w[1] ? sumToShape(v, g.op('Neg', [g.op('Div', [g.op('Mul', [dy!, outs(n)[0]!]), b!])]), b!, outs(n)[0]!) : undefined,
    ];
  },

  MatMul: (v, n, [dy], w) => {
    const [a, b] = ins(n) as [string, string];
    const { g } = v;
    const ra = v.rank(a);
    const rb = v.rank(b);
    let da: string | undefined;
    let db: string | undefined;
    if (w[0]) {
      da = g.op('MatMul', [dy!, g.op('Transpose', [b], { perm: swapLast(rb) })]);
      if (ra !== Math.max(ra, rb) || ra > 2) da = sumToShape(v, da, a, outs(n)[0]!);
    }
    if (w[1]) {
      const bDims = v.g.declaredDims.get(b);
      if (rb === 2 && ra > 2 && bDims && typeof bDims[0] === 'number' && typeof bDims[1] === 'number') {
        // a weight shared by every position: one 2-D product over all rows instead of a batched one
        const a2 = g.op('Reshape', [a, g.constant('int64', [-1, bDims[0]])]);
        const dy2 = g.op('Reshape', [dy!, g.constant('int64', [-1, bDims[1]])]);
        db = g.op('MatMul', [g.op('Transpose', [a2], { perm: [1, 0] }), dy2]);
      } else {
        db = sumToShape(v, g.op('MatMul', [g.op('Transpose', [a], { perm: swapLast(ra) }), dy!]), b, outs(n)[0]!);
      }
    }
    return [da, db];
  },

  Erf: (v, n, [dy]) => {
    const { g } = v;
    const x = ins(n)[0]!;
    const gauss = g.op('Exp', [g.op('Neg', [g.op('Mul', [x, x])])]); // exp(-x²)
    return [g.op('Mul', [dy!, g.op('Mul', [gauss, g.scalar(2 / Math.sqrt(Math.PI))])])];
  },
  Tanh: (v, n, [dy]) => {
    const { g } = v;
    const y = outs(n)[0]!;
    return [g.op('Mul', [dy!, g.op('Sub', [g.scalar(1), g.op('Mul', [y, y])])])];
  },
  Exp: (v, n, [dy]) => [v.g.op('Mul', [dy!, outs(n)[0]!])],
  Sqrt: (v, n, [dy]) => [v.g.op('Div', [dy!, v.g.op('Mul', [outs(n)[0]!, v.g.scalar(2)])])],

  Softmax: (v, n, [dy]) => {
    const { g } = v;
    const y = outs(n)[0]!;
    const axis = g.constant('int64', [attrInt(n, 'axis', -1)]);
    const dot = g.op('ReduceSum', [g.op('Mul', [dy!, y]), axis], { keepdims: 1 });
    return [g.op('Mul', [y, g.op('Sub', [dy!, dot])])];
  },
  LogSoftmax: (v, n, [dy]) => {
    const { g } = v;
    const axis = g.constant('int64', [attrInt(n, 'axis', -1)]);
    const total = g.op('ReduceSum', [dy!, axis], { keepdims: 1 });
    return [g.op('Sub', [dy!, g.op('Mul', [g.op('Exp', [outs(n)[0]!]), total])])];
  },

  LayerNormalization: (v, n, [dy], w) => {
    // x̂ = (x − μ)·r; dx = r·(g − mean(g) − x̂·mean(g·x̂)) with g = dy·γ; dγ = Σ dy·x̂; dβ = Σ dy.
    // μ and r are the node's optional outputs 1 and 2, added to the forward node when it has none.
    const { g } = v;
    const [x, scale, bias] = ins(n) as [string, string, string?];
    if (attrInt(n, 'axis', -1) !== -1) throw new AttuneError('INVALID_CONFIG', 'LayerNormalization gradients support axis -1 only.');
    const o = outs(n);
    if (o.length < 3) {
      o[1] ??= g.name(`${o[0]}.mean`);
      o[2] ??= g.name(`${o[0]}.inv_std`);
    }
    const [, mean, invStd] = o as [string, string, string];
    const last = g.constant('int64', [-1]);
    const xhat = g.op('Mul', [g.op('Sub', [x, mean]), invStd]);
    const gx = g.op('Mul', [dy!, scale]);
    const meanG = g.op('ReduceMean', [gx, last], { keepdims: 1 });
    const meanGX = g.op('ReduceMean', [g.op('Mul', [gx, xhat]), last], { keepdims: 1 });
    return [
      w[0] ? g.op('Mul', [invStd, g.op('Sub', [g.op('Sub', [gx, meanG]), g.op('Mul', [xhat, meanGX])])]) : undefined,
      w[1] ? sumToShape(v, g.op('Mul', [dy!, xhat]), scale, o[0]!) : undefined,
      w[2] && bias ? sumToShape(v, dy!, bias, o[0]!) : undefined,
    ];
  },

  Dropout: (v, n, [dy]) => {
    const { g } = v;
    const ratio = v.requireConstant(ins(n)[1]!, 'the dropout ratio')[0]!;
    const mask = g.op('Cast', [outs(n)[1]!], { to: 1 });
    return [g.op('Mul', [dy!, g.op('Mul', [mask, g.scalar(1 / (1 - ratio))])])];
  },

  Reshape: (v, n, [dy]) => [v.g.op('Reshape', [dy!, v.g.op('Shape', [ins(n)[0]!])])],
  Unsqueeze: (v, n, [dy]) => [v.g.op('Reshape', [dy!, v.g.op('Shape', [ins(n)[0]!])])],
  Transpose: (v, n, [dy]) => {
    const perm = attrInts(n, 'perm')!;
    const inverse = perm.map((_, i) => perm.indexOf(i));
    return [v.g.op('Transpose', [dy!], { perm: inverse })];
  },

  ReduceSum: (v, n, [dy]) => [expandBack(v, n, dy!, false)],
  ReduceMean: (v, n, [dy]) => [expandBack(v, n, dy!, true)],

  Gather: (v, n, [dy], w) => {
    // Embedding lookup: scatter-add the gradient rows into a zero table (ScatterND, opset 16+).
    if (attrInt(n, 'axis', 0) !== 0 || !w[0]) return [undefined, undefined];
    const { g } = v;
    const [data, indices] = ins(n) as [string, string];
    const zeros = g.op('ConstantOfShape', [g.op('Shape', [data])], { value: { tensor: { dataType: 1, dims: [1], floatData: [0] } } });
    const idx = g.op('Unsqueeze', [g.op('Cast', [indices], { to: 7 }), g.constant('int64', [-1])]);
    return [g.op('ScatterND', [zeros, idx, dy!], { reduction: 'add' }), undefined];
  },

  Slice: (v, n, [dy], w) => {
    // rows [0, T) of a table (positional embeddings): pad the gradient back with zero rows
    const [data, starts, , axes] = ins(n) as [string, string, string, string?];
    const s = v.requireConstant(starts, 'Slice starts');
    const a = axes ? v.requireConstant(axes, 'Slice axes') : [0];
    if (!w[0]) return [undefined];
    if (s.some((x) => x !== 0) || a.length !== 1 || a[0] !== 0) {
      throw new AttuneError('INVALID_CONFIG', 'Slice gradients support a leading slice [0, end) on axis 0 only.');
    }
    const { g } = v;
    const rank = v.rank(data);
    const first = (t: string) => g.op('Shape', [t], { start: 0, end: 1 });
    const after = g.op('Sub', [first(data), first(dy!)]); // rows cut off at the end
    const zeros = g.constant('int64', Array.from({ length: rank - 1 }, () => 0));
    const pads = rank > 1 ? g.op('Concat', [g.constant('int64', [0]), zeros, after, zeros], { axis: 0 }) : g.op('Concat', [g.constant('int64', [0]), after], { axis: 0 });
    return [g.op('Pad', [dy!, pads])];
  },

  Softplus: (v, n, [dy]) => [v.g.op('Mul', [dy!, v.g.op('Sigmoid', [ins(n)[0]!])])],
  Sigmoid: (v, n, [dy]) => {
    const { g } = v;
    const y = outs(n)[0]!;
    return [g.op('Mul', [dy!, g.op('Mul', [y, g.op('Sub', [g.scalar(1), y])])])];
  },
  Concat: (v, n, [dy], w) => {
    // split the gradient back into the inputs' extents along the axis (sizes read at run time)
    const { g } = v;
    const inputs = ins(n);
    const raw = attrInt(n, 'axis', 0);
    const axis = raw < 0 ? raw + v.rank(inputs[0]!) : raw;
    const sizes = g.op('Concat', inputs.map((x) => g.op('Shape', [x], { start: axis, end: axis + 1 })), { axis: 0 });
    const parts = g.node('Split', [dy!, sizes], { axis }, inputs.length);
    return parts.map((p, i) => (w[i] ? p : undefined));
  },

  // broadcasting run backwards: e.g. a learned [1, 1, D] CLS token expanded over the batch
  Expand: (v, n, [dy], w) => [w[0] ? sumToShape(v, dy!, ins(n)[0]!, outs(n)[0]!) : undefined, undefined],

  Cast: (v, n, [dy]) => (attrInt(n, 'to', 1) === 1 ? [dy] : [undefined]),

  Max: (v, n, [dy], w) => {
    const { g } = v;
    const [a, b] = ins(n) as [string, string];
    const aWins = g.op('Cast', [g.op('Not', [g.op('Less', [a, b])])], { to: 1 }); // ties go to a
    return [
      w[0] ? sumToShape(v, g.op('Mul', [dy!, aWins]), a, outs(n)[0]!) : undefined,
      w[1] ? sumToShape(v, g.op('Mul', [dy!, g.op('Sub', [g.scalar(1), aWins])]), b, outs(n)[0]!) : undefined,
    ];
  },
};

/** Gradient of a reduction: put the reduced axes back and broadcast (dividing by the count for means). */
function expandBack(v: GraphView, n: OnnxNode, dy: string, mean: boolean): string {
  const { g } = v;
  const [x, axes] = ins(n) as [string, string?];
  const keep = attrInt(n, 'keepdims', 1) === 1;
  const restored = !keep && axes ? g.op('Unsqueeze', [dy, axes]) : dy;
  const full = g.op('Expand', [restored, g.op('Shape', [x])]);
  if (!mean) return full;
  const count = g.op('Cast', [g.op('Div', [g.op('Size', [x]), g.op('Size', [outs(n)[0]!])])], { to: 1 });
  return g.op('Div', [full, count]);
}

