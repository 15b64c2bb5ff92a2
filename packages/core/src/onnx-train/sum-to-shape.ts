import type { GraphView } from './graph-view.js';

/**
 * Reduces a broadcast gradient back to the shape of the input it flows to (numpy broadcasting run
 * backwards), with shapes read at run time so dynamic batch and sequence axes work:
 *   pad x's shape with leading 1s to dy's rank; sum dy over every axis where x has 1 and dy has not;
 *   reshape to x's shape.
 */
export function sumToShape(view: GraphView, dy: string, x: string): string {
  const { g } = view;
  const sx = g.op('Shape', [x]);
  const sy = g.op('Shape', [dy]);
  const missing = g.op('Sub', [g.op('Size', [sy]), g.op('Size', [sx])]); // int64 scalar: rank(dy) - rank(x)
  const ones = g.op('ConstantOfShape', [g.op('Unsqueeze', [missing, g.constant('int64', [0])])], {
    value: { tensor: { dataType: 7, dims: [1], int64Data: [1] } },
  });
  const padded = g.op('Concat', [ones, sx], { axis: 0 }); // x's shape at dy's rank
  const one = g.constant('int64', [1], []);
  const broadcast = g.op('And', [g.op('Equal', [padded, one]), g.op('Not', [g.op('Equal', [sy, one])])]);
  const axes = g.op('Reshape', [g.op('NonZero', [broadcast]), g.constant('int64', [-1])]);
  const summed = g.op('ReduceSum', [dy, axes], { keepdims: 1, noop_with_empty_axes: 1 });
  return g.op('Reshape', [summed, sx]);
}
