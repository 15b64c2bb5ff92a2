import type { GraphView } from './graph-view.js';

/**
 * Reduces a broadcast gradient back to the shape of the input it flows to (numpy broadcasting run
 * backwards). `like` is the forward tensor whose shape `dy` has, which gives dy's rank statically:
 *   1. sum away the leading axes x does not have (static: rank(like) − rank(x) of them);
 *   2. sum, keeping dims, over the axes where x has 1 and dy more (found at run time, so dynamic
 *      batch and sequence axes work: broadcasting only ever stretches a 1, so it is x's shape < dy's).
 */
export function sumToShape(view: GraphView, dy: string, x: string, like: string, other?: string): string {
  const { g } = view;
  // x combined with a scalar (or a constant of no larger rank that is all 1-sized) keeps x's shape
  if (other !== undefined && view.rank(other) === 0 && view.rank(x) === view.rank(like)) return dy;
  const extra = view.rank(like) - view.rank(x);
  const leading = extra > 0 ? g.op('ReduceSum', [dy, g.constant('int64', Array.from({ length: extra }, (_, i) => i))], { keepdims: 0 }) : dy;
  if (view.rank(x) === 0) return leading;
  const sx = g.op('Shape', [x]);
  const axes = g.op('Reshape', [g.op('NonZero', [g.op('Less', [sx, g.op('Shape', [leading])])]), g.constant('int64', [-1])]);
  return g.op('Reshape', [g.op('ReduceSum', [leading, axes], { keepdims: 1, noop_with_empty_axes: 1 }), sx]);
}
