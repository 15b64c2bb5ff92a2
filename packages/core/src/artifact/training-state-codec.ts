import { z } from 'zod';
import type { NamedArray, TrainingState } from '../train/types.js';
import { ArtifactError } from './artifact-error.js';
import { decodeUtf8, parseJsonSafely, parseWith, TRAINING_STATE_BIN, TRAINING_STATE_JSON } from './manifest.js';

/**
 * The training state as two files:
 * - `training-state.json`: `{ step, dtype: "float32", byteOrder: "little-endian", weights, firstMoments,
 *   secondMoments }`, each list holding `{ name, shape }` in the engine's order;
 * - `training-state.bin`: every array's float32 values, little-endian, back to back in that order
 *   (all weights, then all first moments, then all second moments), nothing else.
 * Names and shapes in JSON keep the header readable and diff-able; one raw binary keeps the numbers
 * exact and cheap to read in any runtime.
 */
const arrayRefSchema = z.strictObject({
  name: z.string().min(1),
  shape: z.array(z.number().int().nonnegative()),
});

const headerSchema = z.strictObject({
  step: z.number().int().nonnegative(),
  dtype: z.literal('float32'),
  byteOrder: z.literal('little-endian'),
  weights: z.array(arrayRefSchema),
  firstMoments: z.array(arrayRefSchema),
  secondMoments: z.array(arrayRefSchema),
});

type ArrayRef = z.infer<typeof arrayRefSchema>;
const LISTS = ['weights', 'firstMoments', 'secondMoments'] as const;

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Encodes a TrainingState into the two files above. */
export function encodeTrainingState(state: TrainingState): { json: Uint8Array; bin: Uint8Array } {
  const arrays = LISTS.flatMap((list) => state[list]);
  for (const a of arrays) {
    if (a.data.length !== elementCount(a.shape)) {
      throw new ArtifactError('invalid-training-state', `Training state array ${a.name} has ${a.data.length} values but shape [${a.shape.join(', ')}].`);
    }
  }
  const header = {
    step: state.step,
    dtype: 'float32',
    byteOrder: 'little-endian',
    ...Object.fromEntries(LISTS.map((list) => [list, state[list].map((a) => ({ name: a.name, shape: [...a.shape] }))])),
  };
  const all = new Float32Array(arrays.reduce((n, a) => n + a.data.length, 0));
  let at = 0;
  for (const a of arrays) {
    all.set(a.data, at);
    at += a.data.length;
  }
  const bin = new Uint8Array(all.buffer);
  if (!littleEndian) swapBytes(bin);
  return { json: new TextEncoder().encode(`${JSON.stringify(header)}\n`), bin };
}

/**
 * Decodes and checks the two files: the header against its schema, the moments against the weights
 * (same names and shapes, in order) and the binary's length against the shapes, so a damaged or
 * mismatched state is refused here rather than half-loaded into an engine.
 */
export function decodeTrainingState(json: Uint8Array, bin: Uint8Array): TrainingState {
  const header = parseWith(headerSchema, parseJsonSafely(decodeUtf8(json, TRAINING_STATE_JSON), TRAINING_STATE_JSON), TRAINING_STATE_JSON);
  for (const list of ['firstMoments', 'secondMoments'] as const) {
    const same =
      header[list].length === header.weights.length &&
      header[list].every((r, i) => r.name === header.weights[i]!.name && r.shape.join(',') === header.weights[i]!.shape.join(','));
    if (!same) fail(`${TRAINING_STATE_JSON}: ${list} do not match the weights (names and shapes must be the same, in order).`);
  }
  const refs = LISTS.flatMap((list) => header[list]);
  const total = refs.reduce((n, r) => n + elementCount(r.shape), 0);
  if (total * 4 !== bin.byteLength) {
    fail(`${TRAINING_STATE_BIN} holds ${bin.byteLength} bytes but ${TRAINING_STATE_JSON} describes ${total} float32 values (${total * 4} bytes).`);
  }
  // copy (also aligns: `bin` may sit at any offset inside a packed artifact)
  const bytes = bin.slice();
  if (!littleEndian) swapBytes(bytes);
  const floats = new Float32Array(bytes.buffer, 0, total);
  let at = 0;
  const take = (r: ArrayRef): NamedArray => {
    const n = elementCount(r.shape);
    const data = floats.slice(at, at + n);
    at += n;
    return { name: r.name, shape: r.shape, data };
  };
  const [weights, firstMoments, secondMoments] = LISTS.map((list) => header[list].map(take)) as [NamedArray[], NamedArray[], NamedArray[]];
  return { step: header.step, weights, firstMoments, secondMoments };
}

function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function fail(message: string): never {
  throw new ArtifactError('invalid-training-state', message, { path: TRAINING_STATE_JSON });
}

/** Float32 files are little-endian on every platform; a big-endian host swaps each 4-byte word. */
function swapBytes(bytes: Uint8Array): void {
  for (let i = 0; i + 3 < bytes.length; i += 4) {
    const [a, b] = [bytes[i]!, bytes[i + 1]!];
    bytes[i] = bytes[i + 3]!;
    bytes[i + 1] = bytes[i + 2]!;
    bytes[i + 2] = b;
    bytes[i + 3] = a;
  }
}
