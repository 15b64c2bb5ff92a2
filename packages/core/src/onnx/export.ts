import { ConfigError } from '../errors/config-error.js';
import { nonNegativeInt, oneOf } from '../util/validate.js';
import type { EmitContext, ExportPrecision } from './emit.js';
import { OnnxGraphBuilder } from './graph-builder.js';

/** A model that can describe itself as one ONNX graph: it declares inputs and outputs and emits the nodes between. */
export interface OnnxExportable {
  readonly name: string;
  emitOnnxGraph(ctx: EmitContext): void;
}

export interface ExportOptions {
  /**
   * `fp32` (default): weights as float32. `fp16`: weights stored as float16 (half the size), cast to
   * float32 when the session loads, so compute stays fp32. `int8`: large matrices quantised to 8 bits
   * per output column, activations quantised at run time (ONNX Runtime's dynamic quantisation). The
   * integer matmuls are u8×u8, exact on every CPU (u8×s8 saturates on x86-64 without VNNI).
   */
  precision?: ExportPrecision;
  /** Default-domain opset. Default 17 (LayerNormalization); from 17 to 26 (the newest onnxruntime 1.30 loads). */
  opset?: number;
  /** With `int8`, only matrices with at least this many weights are quantised. Default 4096. */
  int8MinSize?: number;
}

/**
 * The newest default-domain opset onnxruntime-node and -web 1.30 open (27 and above fail at session
 * creation, far from the export that made them). Raise it with the ONNX Runtime version.
 */
export const MAX_OPSET = 26;

/** Exports a model (its current weights) to ONNX bytes with dynamic batch and sequence axes. */
export function exportOnnx(model: OnnxExportable, given: ExportOptions = {}): Uint8Array {
  const options = given ?? {}; // a JS caller's null means "defaults", as undefined does
  const precision = oneOf('precision', options.precision ?? 'fp32', ['fp32', 'fp16', 'int8'] as const);
  const opset = options.opset ?? 17;
  if (!Number.isInteger(opset) || opset < 17 || opset > MAX_OPSET) {
    throw new ConfigError('opset', opset, `an integer in [17, ${MAX_OPSET}] (LayerNormalization needs 17; ONNX Runtime 1.30 loads up to ${MAX_OPSET})`);
  }
  const g = new OnnxGraphBuilder(precision === 'fp16' ? 'fp16' : 'fp32');
  model.emitOnnxGraph({ g, precision, int8MinSize: nonNegativeInt('int8MinSize', options.int8MinSize ?? 4096) });
  return g.toBytes(model.name, opset);
}
