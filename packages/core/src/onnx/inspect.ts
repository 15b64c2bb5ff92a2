import { InputError } from '../errors/input-error.js';
import type { onnx as OnnxNs } from 'onnx-proto';
import { DType, onnx, type DTypeName } from './graph-builder.js';

export interface OnnxSummary {
  inputs: string[];
  outputs: string[];
  opset: number;
  nodes: number;
}

/** A graph input or output as the file declares it. */
export interface OnnxValueInfo {
  name: string;
  /** The element type's name (`float32`, `int32`...), or `onnx type <n>` for one the exporter never writes. */
  type: string;
  /** Fixed dims as numbers, named (dynamic) ones as strings; undefined when the file declares no shape. */
  dims: Array<number | string> | undefined;
}

/** What a model file promises to its caller: its inputs, outputs and the shapes of its initializers. */
export interface OnnxSignature extends OnnxSummary {
  inputValues: OnnxValueInfo[];
  outputValues: OnnxValueInfo[];
  /** Every initializer's name and dims (the weights' bytes are not copied). */
  initializers: Array<{ name: string; dims: number[] }>;
}

const TYPE_NAMES = new Map<number, DTypeName>(Object.entries(DType).map(([name, code]) => [code as number, name as DTypeName]));

/**
 * Decodes model bytes far enough to say what they are, so a backend can reject a file that is not
 * an ONNX model with a message about the file rather than a runtime's internal error.
 */
export function inspectOnnx(bytes: Uint8Array): OnnxSummary {
  const { inputs, outputs, opset, nodes } = readOnnxSignature(bytes);
  return { inputs, outputs, opset, nodes };
}

/**
 * The graph's interface (input and output names, element types, declared dims) and its
 * initializers' shapes: enough to check a model file against what its artifact's manifest says,
 * without opening a runtime session.
 */
export function readOnnxSignature(bytes: Uint8Array): OnnxSignature {
  let model: ReturnType<typeof onnx.ModelProto.decode>;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (error) {
    throw new InputError(`These ${bytes.length} bytes are not an ONNX model (${(error as Error).message}); pass the contents of a model.onnx file.`);
  }
  if (!model.graph || !model.graph.node?.length) {
    throw new InputError(`These ${bytes.length} bytes decode to no ONNX graph; pass the contents of a model.onnx file.`);
  }
  const inputValues = (model.graph.input ?? []).map(valueInfoOf);
  const outputValues = (model.graph.output ?? []).map(valueInfoOf);
  return {
    inputs: inputValues.map((v) => v.name),
    outputs: outputValues.map((v) => v.name),
    opset: Number(model.opsetImport?.find((o) => !o.domain)?.version ?? 0),
    nodes: model.graph.node.length,
    inputValues,
    outputValues,
    initializers: (model.graph.initializer ?? []).map((t) => ({ name: t.name ?? '', dims: (t.dims ?? []).map(Number) })),
  };
}

function valueInfoOf(value: OnnxNs.IValueInfoProto): OnnxValueInfo {
  const tensor = value.type?.tensorType;
  const code = Number(tensor?.elemType ?? 0);
  // a dim with neither a value nor a name (or a value of 0) is one the file leaves open
  const dims = tensor?.shape?.dim?.map((d) => (d.dimParam ? d.dimParam : Number(d.dimValue ?? 0) > 0 ? Number(d.dimValue) : '?'));
  return { name: value.name ?? '', type: TYPE_NAMES.get(code) ?? `onnx type ${code}`, dims };
}
