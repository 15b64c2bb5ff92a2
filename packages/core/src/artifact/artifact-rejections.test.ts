// One test per way readArtifact / unpackArtifact refuse an artifact, each checking the reason and
// that the message names what was wrong.
import { describe, expect, it } from 'vitest';
import { AttuneError } from '../errors/attune-error.js';
import type { Artifact } from './artifact.js';
import { ArtifactError } from './artifact-error.js';
import { checkArtifactPath } from './artifact-path.js';
import { createArtifact } from './create-artifact.js';
import { packArtifact, unpackArtifact } from './pack-artifact.js';
import { readArtifact } from './read-artifact.js';
import { sha256Hex } from './sha256.js';
import { OnnxGraphBuilder } from '../onnx/graph-builder.js';
import { definePlugin } from '../plugin/define-plugin.js';
import { readPluginArtifact } from '../plugin/plugin-artifact.js';

const state = {
  step: 3,
  weights: [{ name: 'w', shape: [2, 2], data: Float32Array.of(1, 2, 3, 4) }],
  firstMoments: [{ name: 'w', shape: [2, 2], data: Float32Array.of(5, 6, 7, 8) }],
  secondMoments: [{ name: 'w', shape: [2, 2], data: Float32Array.of(9, 10, 11, 12) }],
};
const sample = () =>
  createArtifact({
    plugin: { id: 'test', version: '1.0.0' },
    model: { kind: 'sequence-classifier', config: { vocabSize: 20 } },
    onnx: Uint8Array.of(8, 1, 2, 3),
    trainingState: state,
  });

/** The artifact's files plus its manifest (edited by `edit`), as a reader over a Map. */
function readerFor(artifact: Artifact, edit: (manifest: any, files: Map<string, Uint8Array>) => void = () => {}) {
  const manifest = structuredClone(artifact.manifest) as any;
  const files = new Map(artifact.files);
  edit(manifest, files);
  files.set('manifest.json', new TextEncoder().encode(JSON.stringify(manifest)));
  return async (path: string) => {
    const bytes = files.get(path);
    if (!bytes) throw new Error(`ENOENT: ${path}`);
    return bytes;
  };
}

async function refusal(promise: Promise<unknown>): Promise<ArtifactError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error, 'expected a refusal').toBeInstanceOf(ArtifactError);
  expect(AttuneError.isInstance(error) && error.code).toBe('INVALID_INPUT');
  return error as ArtifactError;
}

describe('readArtifact refuses', () => {
  it('an unknown format version, naming it', async () => {
    const e = await refusal(readArtifact(readerFor(await sample(), (m) => (m.formatVersion = 2))));
    expect(e.reason).toBe('unsupported-version');
    expect(e.message).toContain('artifact format version 2 is not supported by this @attune/core (supports 1); upgrade @attune/core');
  });

  it('a manifest missing a field, naming the field', async () => {
    const e = await refusal(readArtifact(readerFor(await sample(), (m) => delete m.model.kind)));
    expect(e.reason).toBe('invalid-manifest');
    expect(e.message).toMatch(/manifest\.json is invalid: model\.kind: .*expected string/);
  });

  it('a manifest that is not JSON, or smuggles __proto__', async () => {
    const artifact = await sample();
    const bad = (text: string) => async (p: string) => (p === 'manifest.json' ? new TextEncoder().encode(text) : artifact.files.get(p)!);
    expect((await refusal(readArtifact(bad('{"formatVersion": 1,')))).message).toContain('manifest.json is not valid JSON');
    expect((await refusal(readArtifact(bad('{"__proto__": {"x": 1}}')))).message).toContain('__proto__');
  });

  it('a file whose hash does not match, naming the file', async () => {
    const e = await refusal(readArtifact(readerFor(await sample(), (_, files) => files.set('model.onnx', Uint8Array.of(8, 1, 2, 4)))));
    expect(e.reason).toBe('hash-mismatch');
    expect(e.path).toBe('model.onnx');
    expect(e.message).toContain('model.onnx is damaged or was altered');
  });

  it('a file whose size does not match', async () => {
    const e = await refusal(readArtifact(readerFor(await sample(), (_, files) => files.set('model.onnx', Uint8Array.of(8, 1, 2)))));
    expect(e.reason).toBe('size-mismatch');
    expect(e.message).toBe('Artifact file model.onnx has 3 bytes; the manifest says 4.');
  });

  it.each([['../x'], ['/etc/passwd'], ['a\\b'], ['a/../../b'], ['Model.onnx'], ['a//b'], ['.hidden']])(
    'a path that could leave the artifact or is not allow-listed: %s',
    async (path) => {
      let asked = false;
      const reader = readerFor(await sample(), (m) => (m.files[path] = { sha256: '0'.repeat(64), bytes: 1 }));
      const e = await refusal(readArtifact(async (p) => ((asked ||= p === path), reader(p))));
      expect(e.reason).toBe('unsafe-path');
      expect(e.message).toContain(JSON.stringify(path));
      expect(asked, 'the unsafe path is never handed to the reader').toBe(false);
    },
  );

  it('a manifest without model.onnx', async () => {
    const e = await refusal(readArtifact(readerFor(await sample(), (m) => delete m.files['model.onnx'])));
    expect(e.reason).toBe('missing-file');
    expect(e.message).toContain('lists no model.onnx');
  });

  it('a listed file that is absent, and half a training state', async () => {
    const gone = await refusal(readArtifact(readerFor(await sample(), (_, files) => files.delete('training-state.bin'))));
    expect(gone.message).toContain('training-state.bin could not be read');
    const half = await refusal(readArtifact(readerFor(await sample(), (m) => delete m.files['training-state.bin'])));
    expect(half.message).toContain('the training state needs both');
  });

  it('a training state whose header does not fit its binary (even with matching hashes)', async () => {
    const json = new TextEncoder().encode(JSON.stringify({ step: 3, dtype: 'float32', byteOrder: 'little-endian', weights: [{ name: 'w', shape: [3, 2] }], firstMoments: [{ name: 'w', shape: [3, 2] }], secondMoments: [{ name: 'w', shape: [3, 2] }] }));
    const hash = await sha256Hex(json);
    const reader = readerFor(await sample(), (m, files) => {
      files.set('training-state.json', json);
      m.files['training-state.json'] = { sha256: hash, bytes: json.length };
    });
    const e = await refusal(readArtifact(reader));
    expect(e.reason).toBe('invalid-training-state');
    expect(e.message).toContain('training-state.bin holds 48 bytes but training-state.json describes 18 float32 values');
  });
});

describe('unpackArtifact refuses', () => {
  it('bytes that are not a pack, or a newer pack layout', async () => {
    expect((await refusal(unpackArtifact(new TextEncoder().encode('PK\u0003\u0004 a zip')))).reason).toBe('corrupt-pack');
    const packed = packArtifact(await sample());
    packed.set(new TextEncoder().encode('ATTUNE02'));
    expect((await refusal(unpackArtifact(packed))).message).toContain('packed artifact layout 02 is not supported');
  });

  it('a truncated pack: offsets past the end are never read', async () => {
    const packed = packArtifact(await sample());
    for (const cut of [packed.length - 1, packed.length - 40, 30, 11]) {
      const e = await refusal(unpackArtifact(packed.slice(0, cut)));
      expect(e.reason).toBe('corrupt-pack');
    }
  });

  it('an index whose offsets or lengths point outside the buffer', async () => {
    const packed = packArtifact(await sample());
    for (const edit of [(f: any) => (f.offset = 1e9), (f: any) => (f.bytes = 2 ** 40), (f: any) => (f.offset = -12)]) {
      const e = await refusal(unpackArtifact(withIndex(packed, (index) => edit(index.files[1]))));
      expect(e.reason).toBe('corrupt-pack');
      expect(e.message).toMatch(/files\.1\.offset|claims bytes/);
    }
    const huge = packed.slice();
    new DataView(huge.buffer).setUint32(8, 0xffffffff, true);
    expect((await refusal(unpackArtifact(huge))).message).toContain('its index claims 4294967295 bytes');
  });

  it('an index naming an unsafe path or the same file twice', async () => {
    const packed = packArtifact(await sample());
    const unsafe = await refusal(unpackArtifact(withIndex(packed, (index) => (index.files[1].path = '../model.onnx'))));
    expect(unsafe.reason).toBe('unsafe-path');
    const twice = await refusal(unpackArtifact(withIndex(packed, (index) => index.files.push(index.files[1]))));
    expect(twice.message).toContain('lists model.onnx twice');
  });

  it('a pack whose file bytes were altered (hashes are checked as for a directory)', async () => {
    const packed = packArtifact(await sample());
    packed[packed.length - 2]! ^= 0x01; // inside training-state.json, the last file
    expect((await refusal(unpackArtifact(packed))).reason).toBe('hash-mismatch');
  });
});

/** The same pack with its index edited (the data section is unchanged: offsets are relative to it). */
function withIndex(packed: Uint8Array, edit: (index: any) => void): Uint8Array {
  const n = new DataView(packed.buffer).getUint32(8, true);
  const index = JSON.parse(new TextDecoder().decode(packed.subarray(12, 12 + n)));
  edit(index);
  const json = new TextEncoder().encode(JSON.stringify(index));
  const out = new Uint8Array(12 + json.length + packed.length - 12 - n);
  out.set(packed.subarray(0, 8));
  new DataView(out.buffer).setUint32(8, json.length, true);
  out.set(json, 12);
  out.set(packed.subarray(12 + n), 12 + json.length);
  return out;
}

it('checkArtifactPath accepts ordinary nested names', () => {
  for (const p of ['model.onnx', 'training-state.bin', 'vocab/tokens_v2.txt', 'a1/b-2/c.d']) expect(() => checkArtifactPath(p)).not.toThrow();
});

describe('readPluginArtifact refuses a model.onnx that does not fit the manifest (hashes all match)', () => {
  /** A tiny real graph: ids [batch, sequence] → an embedding table of `rows` → logits [batch, classes]. */
  function graph({ rows = 10, classes = 3, input = 'ids', inputType = 'int32' as const, fp16 = false } = {}): Uint8Array {
    const g = new OnnxGraphBuilder(fp16 ? 'fp16' : 'fp32');
    const ids = g.input(input, inputType, ['batch', 'sequence']);
    const table = g.weight('toy.embedding.table', new Float32Array(rows * classes), [rows, classes]);
    const pooled = g.op('ReduceMean', [g.op('Gather', [table, ids], { axis: 0 })], { axes: [1], keepdims: 0 });
    g.output(g.op('Identity', [pooled], {}, 'logits'), 'float32', ['batch', classes]);
    return g.toBytes('toy');
  }
  const plugin = definePlugin<unknown, unknown, unknown, { labels: string[]; vocabSize: number }, object>({
    id: 'toy', version: '1.0.0', modelKind: 'toy', defaultConfig: {},
    prepare: () => ({ labels: [], vocabSize: 0 }), encode: () => ({}), buildModel: () => { throw new Error('unused'); },
    metrics: () => ({}), encodeInputs: () => ({}), decode: () => [],
    graphSignature: (state) => ({
      inputs: { ids: { type: 'int32', dims: [null, null] } },
      outputs: { logits: { type: 'float32', dims: [null, state.labels.length] } },
      tables: [{ suffix: '.embedding.table', rows: state.vocabSize, what: 'vocabulary' }],
    }),
  });
  const artifactWith = (onnx: Uint8Array, state = { labels: ['a', 'b', 'c'], vocabSize: 10 }) =>
    createArtifact({ plugin: { id: 'toy', version: '1.0.0' }, model: { kind: 'toy', config: {} }, preprocessing: state, onnx });
  const mismatch = async (onnx: Uint8Array, state?: { labels: string[]; vocabSize: number }) => {
    const artifact = await artifactWith(onnx, state);
    const error = await refusal(Promise.resolve().then(() => readPluginArtifact(plugin, artifact)));
    expect(error.reason).toBe('graph-mismatch');
    expect(error.path).toBe('model.onnx');
    return error.message;
  };

  it('accepts the graph that fits, in fp32 and fp16', async () => {
    expect(readPluginArtifact(plugin, await artifactWith(graph())).state.vocabSize).toBe(10);
    expect(readPluginArtifact(plugin, await artifactWith(graph({ fp16: true }))).state.vocabSize).toBe(10);
  });
  it('fewer labels than the model has outputs', async () => {
    expect(await mismatch(graph(), { labels: ['a', 'b'], vocabSize: 10 })).toContain('axis 1 of output "logits" is 3, the manifest needs 2');
  });
  it('a vocabulary that does not match the embedding rows', async () => {
    expect(await mismatch(graph({ rows: 12 }))).toContain('weight toy.embedding.table has 12 rows, the vocabulary needs 10');
    expect(await mismatch(graph({ rows: 12, fp16: true }))).toContain('weight toy.embedding.table.fp16 has 12 rows');
  });
  it('an input under another name or of another type', async () => {
    expect(await mismatch(graph({ input: 'tokens' }))).toMatch(/the graph has no input "ids" \(its inputs: tokens\).*does not feed: "tokens"/);
    expect(await mismatch(graph({ inputType: 'int64' as 'int32' }))).toContain('input "ids" is int64, expected int32');
  });
  it('bytes that are not an ONNX model', async () => {
    expect(await mismatch(Uint8Array.of(8, 1, 2, 3))).toContain('model.onnx is not a usable ONNX model');
  });
});

describe('createArtifact refuses what manifest.json cannot hold', () => {
  const base = { plugin: { id: 'test', version: '1.0.0' }, model: { kind: 'k', config: {} }, onnx: Uint8Array.of(8, 1, 2, 3) };
  it('NaN, functions, BigInt, cycles, Maps and typed arrays in the state or config, and an invalid createdAt, name where they are', async () => {
    // before: NaN was saved as null and a function dropped (the state came back different); a cycle
    // or a BigInt threw a bare TypeError, an invalid Date a RangeError
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ preprocessing: { threshold: Number.NaN } }, 'createArtifact: preprocessing.threshold is NaN'],
      [{ preprocessing: { scale: [1, Number.POSITIVE_INFINITY] } }, 'preprocessing.scale[1] is Infinity'],
      [{ preprocessing: { f: () => 1 } }, 'preprocessing.f is a function'],
      [{ model: { kind: 'k', config: { n: 1n } } }, 'model.config.n is a bigint'],
      [{ model: { kind: 'k', config: cyclic } }, 'model.config.self is a circular reference'],
      [{ preprocessing: { vocab: new Map([['a', 1]]) } }, 'preprocessing.vocab is a Map'],
      [{ preprocessing: { weights: Float32Array.of(1) } }, 'preprocessing.weights is a Float32Array (use a plain array'],
      [{ createdAt: new Date('soon') }, 'createArtifact: createdAt must be a valid Date'],
    ];
    for (const [extra, message] of cases) {
      const error = await createArtifact({ ...base, ...extra } as never).catch((e: unknown) => e);
      expect(error, message).toBeInstanceOf(ArtifactError);
      expect((error as Error).message).toContain(message);
    }
    const shared = { a: 1 };
    const ok = await createArtifact({ ...base, preprocessing: { x: shared, y: shared, gone: undefined } });
    expect(ok.manifest.preprocessing).toEqual({ x: { a: 1 }, y: { a: 1 } }); // a shared object is not a cycle
  });
});

