import { InputError } from '../errors/input-error.js';
import { onnx } from './graph-builder.js';

export interface OnnxSummary {
  inputs: string[];
  outputs: string[];
  opset: number;
  nodes: number;
}

/**
 * Decodes model bytes far enough to say what they are, so a backend can reject a file that is not
 * an ONNX model with a message about the file rather than a runtime's internal error.
 */
export function inspectOnnx(bytes: Uint8Array): OnnxSummary {
  let model: ReturnType<typeof onnx.ModelProto.decode>;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (error) {
    throw new InputError(`These ${bytes.length} bytes are not an ONNX model (${(error as Error).message}); pass the contents of a model.onnx file.`);
  }
  if (!model.graph || !model.graph.node?.length) {
    throw new InputError(`These ${bytes.length} bytes decode to no ONNX graph; pass the contents of a model.onnx file.`);
  }
  return {
    inputs: (model.graph.input ?? []).map((i) => i.name ?? ''),
    outputs: (model.graph.output ?? []).map((o) => o.name ?? ''),
    opset: Number(model.opsetImport?.find((o) => !o.domain)?.version ?? 0),
    nodes: model.graph.node.length,
  };
}
