/**
 * Typed arrays through JSON, for data that crosses between a test (Node) and a browser page via
 * Playwright, which carries JSON only. Isomorphic: uses btoa/atob, present in Node 20 and browsers.
 */
type Typed = Float32Array | Float64Array | Int32Array | Uint8Array | Int8Array | BigInt64Array;
const CTORS = { Float32Array, Float64Array, Int32Array, Uint8Array, Int8Array, BigInt64Array };
type WireTyped = { $typed: keyof typeof CTORS; base64: string };

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  // Chunks keep String.fromCharCode's argument list under the engine's limit.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Replaces every typed array inside `value` with a JSON-safe `{ $typed, base64 }`. */
export function toWire(value: unknown): unknown {
  if (ArrayBuffer.isView(value)) {
    const typed = value as Typed;
    // instanceof, not constructor.name: a Node Buffer is a Uint8Array named "Buffer".
    const kind = (Object.keys(CTORS) as Array<keyof typeof CTORS>).find((k) => typed instanceof CTORS[k]);
    if (!kind) throw new TypeError(`toWire: unsupported typed array ${typed.constructor.name}`);
    return { $typed: kind, base64: toBase64(new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength)) };
  }
  if (Array.isArray(value)) return value.map(toWire);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toWire(v)]));
  return value;
}

/** The inverse of `toWire`. */
export function fromWire<T = unknown>(value: unknown): T {
  if (Array.isArray(value)) return value.map((v) => fromWire(v)) as T;
  if (value && typeof value === 'object') {
    const wire = value as Partial<WireTyped>;
    if (wire.$typed && typeof wire.base64 === 'string') {
      const bytes = fromBase64(wire.base64);
      const Ctor = CTORS[wire.$typed];
      return new Ctor(bytes.buffer as ArrayBuffer, 0, bytes.byteLength / Ctor.BYTES_PER_ELEMENT) as T;
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromWire(v)])) as T;
  }
  return value as T;
}
