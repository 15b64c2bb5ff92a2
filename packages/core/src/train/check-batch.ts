import { AttuneError } from '../errors/attune-error.js';
import { InputError } from '../errors/input-error.js';
import type { Batch } from './types.js';

/**
 * Checks what a `collate` returned before an engine sees it. Engines fail on a malformed batch deep
 * inside tfjs or ONNX Runtime ("Cannot convert undefined or null to object", "Tensor's size(48) does
 * not match data length(24)"), and a NaN feature only shows as a non-finite loss steps later.
 */
export function checkBatch(batch: unknown, where: string): Batch {
  if (batch === null || typeof batch !== 'object' || Array.isArray(batch)) {
    throw new InputError(`collate returned ${batch === null ? 'null' : Array.isArray(batch) ? 'an array' : typeof batch} for ${where}; it must return the model's tensors by name, e.g. { ids: { data: Int32Array, shape: [batch, length] }, labels: ... }.`);
  }
  const entries = Object.entries(batch);
  if (entries.length === 0) throw new InputError(`collate returned no tensors for ${where}.`);
  for (const [name, tensor] of entries) {
    const t = tensor as { data?: unknown; shape?: unknown } | null;
    if (!t || !(t.data instanceof Int32Array || t.data instanceof Float32Array)) {
      throw new InputError(`collate's tensor "${name}" (${where}) must hold its values as an Int32Array or Float32Array; got ${t ? Object.prototype.toString.call(t.data) : String(t)}.`);
    }
    const shape = t.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new InputError(`collate's tensor "${name}" (${where}) needs a shape of non-negative integers; got ${JSON.stringify(shape)}.`);
    }
    const size = shape.reduce((a: number, b: number) => a * b, 1);
    if (size !== t.data.length) {
      throw new InputError(`collate's tensor "${name}" (${where}) has ${t.data.length} values but its shape [${shape.join(', ')}] needs ${size}.`);
    }
    if (t.data instanceof Float32Array) {
      const bad = t.data.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) throw new InputError(`collate's tensor "${name}" (${where}) holds ${t.data[bad]} at index ${bad}; features must be finite numbers (check the examples for NaN or Infinity).`);
    }
  }
  return batch as Batch;
}

/**
 * Runs an engine on the first batch of a run. A batch that passes `checkBatch` can still miss a
 * tensor the model takes, or hold ids as floats; the engine then fails with tfjs's or ONNX
 * Runtime's own words. On the first batch that is almost always the collate's doing, so it is
 * reported as an InputError that says so, with the engine's message (and the error as `cause`).
 */
export async function explainFirstBatch<T>(engineName: string, where: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (AttuneError.isInstance(error)) throw error;
    throw new InputError(
      `${engineName} could not run the ${where}: ${String((error as Error)?.message ?? error).replace(/\.\s*$/, '')}. Check that collate returns every tensor the model takes, by name, with ids as Int32Array, features as Float32Array, and one batch size throughout.`,
      { cause: error },
    );
  }
}
