import { ArtifactError } from './artifact-error.js';

/**
 * Refuses what manifest.json cannot hold faithfully, naming where it is. JSON.stringify would turn
 * NaN into null, drop functions, write a Map or a Float32Array as an object, and throw a bare
 * TypeError on a cycle or a BigInt: a saved model would then load with a different state, or not save.
 * `undefined` properties are allowed (they mean "not set", and are left out).
 */
export function checkJsonValue(value: unknown, where: string, seen: Set<object> = new Set()): void {
  const refuse = (what: string): never => {
    throw new ArtifactError('invalid-manifest', `createArtifact: ${where} is ${what}; manifest.json holds only strings, finite numbers, booleans, null, arrays and plain objects.`);
  };
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || value === undefined) return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) refuse(String(value));
    return;
  }
  if (typeof value !== 'object') refuse(`a ${typeof value}`);
  const object = value as object;
  if (seen.has(object)) refuse('a circular reference');
  const proto = Object.getPrototypeOf(object);
  if (!Array.isArray(object) && proto !== Object.prototype && proto !== null) {
    refuse(`a ${proto?.constructor?.name ?? 'class instance'}${ArrayBuffer.isView(object) ? ' (use a plain array: Array.from(...))' : ''}`);
  }
  seen.add(object);
  if (Array.isArray(object)) object.forEach((v, i) => checkJsonValue(v === undefined ? null : v, `${where}[${i}]`, seen));
  else for (const [k, v] of Object.entries(object)) checkJsonValue(v, `${where}.${k}`, seen);
  seen.delete(object);
}
