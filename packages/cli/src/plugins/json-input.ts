import { InputError } from '@attune/core';

/** Largest magnitude a float32 holds: a larger finite JSON number would become infinity in the tensor. */
const FLOAT32_MAX = 3.4028234663852886e38;

const shown = (value: unknown) => (value === undefined ? 'missing' : JSON.stringify(value)?.slice(0, 40) ?? String(value));

/**
 * A non-empty JSON array of finite numbers as a Float32Array. Checked element by element, because
 * Float32Array.from turns null, true, "1" and [1] into numbers silently; the error names the index.
 */
export function finiteFloat32Array(value: unknown, field: string): Float32Array {
  if (!Array.isArray(value) || value.length === 0) throw new InputError(`"${field}" must be a non-empty array of finite numbers; got ${Array.isArray(value) ? 'an empty array' : shown(value)}.`);
  const out = new Float32Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const v: unknown = value[i];
    if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) > FLOAT32_MAX) {
      throw new InputError(`"${field}"[${i}] is ${shown(v)}; every element must be a finite number${typeof v === 'number' && Number.isFinite(v) ? ' within float32 range' : ''}.`);
    }
    out[i] = v;
  }
  return out;
}

/** A JSON array of item ids (strings or finite numbers), at most `max` long; the error names the index. */
export function itemIdArray(value: unknown, field: string, max: number): Array<string | number> {
  if (!Array.isArray(value)) throw new InputError(`"${field}" must be an array of item ids (strings or numbers); got ${shown(value)}.`);
  if (value.length > max) throw new InputError(`"${field}" has ${value.length} items; the limit is ${max}.`);
  value.forEach((id: unknown, i) => {
    if (typeof id !== 'string' && !(typeof id === 'number' && Number.isFinite(id))) throw new InputError(`"${field}"[${i}] is ${shown(id)}; item ids are strings or finite numbers.`);
  });
  return value as Array<string | number>;
}
