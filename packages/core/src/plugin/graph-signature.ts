import { ArtifactError } from '../artifact/artifact-error.js';
import { ONNX_FILE } from '../artifact/manifest.js';
import type { DTypeName } from '../onnx/graph-builder.js';
import { readOnnxSignature, type OnnxSignature, type OnnxValueInfo } from '../onnx/inspect.js';

/** One graph input or output a plugin feeds or reads. */
export interface TensorSignature {
  type: DTypeName;
  /** One entry per axis: the size the graph must fix it to, or null for an axis free to vary (batch, sequence). */
  dims: Array<number | null>;
}

/** A weight whose row count the preprocessing state fixes (a vocabulary's embedding table, a positional table). */
export interface WeightTableSignature {
  /**
   * The end of the initializer's name (module names carry the model's prefix), e.g. `.embedding.table`;
   * an fp16 copy (`<name>.fp16`) counts as the weight itself. Every match must have `rows` rows, and at least one must exist.
   */
  suffix: string;
  rows: number;
  /** What the rows count, for the message, e.g. `tokenizer vocabulary (preprocessing.tokenizer)`. */
  what: string;
}

/**
 * What a model file must look like for a plugin to use it with an artifact's state and config: the
 * inputs `encodeInputs` feeds (exactly these), the outputs `decode` reads (at least these) and
 * the tables whose size the state fixes.
 */
export interface GraphSignature {
  inputs: Record<string, TensorSignature>;
  outputs: Record<string, TensorSignature>;
  tables?: WeightTableSignature[];
}

/**
 * Refuses a model file that does not fit the manifest beside it (e.g. another model's model.onnx
 * with its hash updated, or labels cut from the manifest), naming every difference, so the artifact
 * is rejected at load time instead of failing inside the runtime or decoding scores to wrong labels.
 */
export function checkGraphSignature(expected: GraphSignature, model: Uint8Array, pluginId: string): void {
  let graph: OnnxSignature;
  try {
    graph = readOnnxSignature(model);
  } catch (error) {
    throw new ArtifactError('graph-mismatch', `${ONNX_FILE} is not a usable ONNX model: ${(error as Error).message}`, { path: ONNX_FILE, cause: error });
  }
  const problems = [
    ...compareValues('input', expected.inputs, graph.inputValues, { exact: true }),
    ...compareValues('output', expected.outputs, graph.outputValues, { exact: false }),
    ...(expected.tables ?? []).flatMap((table) => compareTable(table, graph)),
  ];
  if (problems.length === 0) return;
  throw new ArtifactError(
    'graph-mismatch',
    `${ONNX_FILE} does not match manifest.json (plugin ${pluginId}): ${problems.join('; ')}. ` +
      'The model file or the manifest was replaced or edited; use the artifact as it was saved, or train or export it again.',
    { path: ONNX_FILE },
  );
}

function compareValues(kind: 'input' | 'output', expected: Record<string, TensorSignature>, actual: OnnxValueInfo[], { exact }: { exact: boolean }): string[] {
  const byName = new Map(actual.map((v) => [v.name, v]));
  const problems: string[] = [];
  for (const [name, want] of Object.entries(expected)) {
    const got = byName.get(name);
    if (!got) {
      problems.push(`the graph has no ${kind} "${name}" (its ${kind}s: ${actual.map((v) => v.name).join(', ') || 'none'})`);
      continue;
    }
    if (got.type !== want.type) problems.push(`${kind} "${name}" is ${got.type}, expected ${want.type}`);
    problems.push(...compareDims(`${kind} "${name}"`, want.dims, got.dims));
  }
  if (exact) {
    const extra = actual.filter((v) => !(v.name in expected)).map((v) => `"${v.name}"`);
    if (extra.length) problems.push(`the graph takes ${kind}s the plugin does not feed: ${extra.join(', ')}`);
  }
  return problems;
}

function compareDims(what: string, want: Array<number | null>, got: Array<number | string> | undefined): string[] {
  if (!got) return want.some((d) => d !== null) ? [`${what} declares no shape; expected [${want.map(showDim).join(', ')}]`] : [];
  if (got.length !== want.length) return [`${what} has ${got.length} axes, expected ${want.length}`];
  return want.flatMap((size, axis) => {
    if (size === null || got[axis] === size) return [];
    const actual = typeof got[axis] === 'number' ? `${got[axis]}` : `left open ("${got[axis]}")`;
    return [`axis ${axis} of ${what} is ${actual}, the manifest needs ${size}`];
  });
}

function compareTable(table: WeightTableSignature, graph: OnnxSignature): string[] {
  const matches = graph.initializers.filter((t) => t.name.replace(/\.fp16$/, '').endsWith(table.suffix));
  if (matches.length === 0) return [`the graph has no weight named *${table.suffix} for the ${table.what}`];
  return matches
    .filter((t) => t.dims[0] !== table.rows)
    .map((t) => `weight ${t.name} has ${t.dims[0] ?? 0} rows, the ${table.what} needs ${table.rows}`);
}

const showDim = (d: number | null) => (d === null ? '*' : String(d));
