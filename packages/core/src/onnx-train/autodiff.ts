import { AttuneError } from '../errors/attune-error.js';
import { GRAD_RULES } from './grad-rules.js';
import type { GraphView, OnnxNode } from './graph-view.js';

/** Ops whose outputs are metadata or decisions (integer or boolean), through which no gradient flows. */
const NON_DIFFERENTIABLE = new Set(['Shape', 'Size', 'Equal', 'Less', 'Greater', 'LessOrEqual', 'GreaterOrEqual', 'Not', 'And', 'Or', 'NonZero', 'ArgMax', 'ArgMin']);

/**
 * Reverse-mode differentiation of the graph built so far: d(loss)/d(each of `wrt`), emitted as
 * more nodes in the same graph. Only nodes on a path from `wrt` to the loss get a rule applied
 * (masks computed from token ids, shapes and the like need none).
 */
export function differentiate(view: GraphView, loss: string, wrt: string[]): Map<string, string> {
  const { g } = view;
  const forward: OnnxNode[] = [...g.nodes];
  const dependsOnWrt = new Set(wrt);
  for (const node of forward) {
    if (NON_DIFFERENTIABLE.has(node.opType!)) continue; // shapes and comparisons carry no gradient
    if ((node.input ?? []).some((i) => dependsOnWrt.has(i))) for (const o of node.output ?? []) dependsOnWrt.add(o);
  }
  if (!dependsOnWrt.has(loss)) throw new AttuneError('INVALID_CONFIG', `The loss ${loss} does not depend on any trainable weight.`);

  const grads = new Map<string, string>([[loss, g.op('Identity', [g.scalar(1)], {}, g.name('loss.grad_seed'))]]);
  const accumulate = (tensor: string, grad: string) => {
    const existing = grads.get(tensor);
    grads.set(tensor, existing ? g.op('Add', [existing, grad]) : grad);
  };

  for (let k = forward.length - 1; k >= 0; k--) {
    const node = forward[k]!;
    const outputs = node.output ?? [];
    const dy = outputs.map((o) => grads.get(o));
    if (dy.every((d) => d === undefined)) continue;
    const inputs = node.input ?? [];
    const wants = inputs.map((i) => dependsOnWrt.has(i));
    if (!wants.some(Boolean)) continue;
    const rule = GRAD_RULES[node.opType!];
    if (!rule) throw new AttuneError('INVALID_CONFIG', `No gradient rule for ONNX op ${node.opType} (node ${node.name}).`);
    const dx = rule(view, node, dy, wants);
    inputs.forEach((input, i) => {
      const d = dx[i];
      if (wants[i] && d) accumulate(input, d);
    });
  }

  const result = new Map<string, string>();
  for (const w of wrt) {
    result.set(
      w,
      grads.get(w) ??
        // a weight that does not reach the loss gets a zero gradient (AdamW then only decays it)
        g.op('ConstantOfShape', [g.op('Shape', [w])], { value: { tensor: { dataType: 1, dims: [1], floatData: [0] } } }),
    );
  }
  return result;
}
