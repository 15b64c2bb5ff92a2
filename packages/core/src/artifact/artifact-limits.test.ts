// A manifest that is too large, nested too deep or carries oversized fields is refused by name,
// before any model file is read.
import { describe, expect, it } from 'vitest';
import { ArtifactError } from './artifact-error.js';
import { createArtifact } from './create-artifact.js';
import { MANIFEST_LIMITS } from './manifest-limits.js';
import { readArtifact } from './read-artifact.js';

async function readWith(edit: (manifest: any) => string | object): Promise<ArtifactError> {
  const artifact = await createArtifact({ plugin: { id: 'test', version: '1.0.0' }, model: { kind: 'k', config: {} }, onnx: Uint8Array.of(8, 1) });
  const edited = edit(structuredClone(artifact.manifest));
  const manifest = new TextEncoder().encode(typeof edited === 'string' ? edited : JSON.stringify(edited));
  const asked: string[] = [];
  const error = await readArtifact(async (p) => (asked.push(p), p === 'manifest.json' ? manifest : artifact.files.get(p)!)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ArtifactError);
  expect(asked, 'no model file is read').toEqual(['manifest.json']);
  return error as ArtifactError;
}

describe('readArtifact refuses oversized manifests', () => {
  it('nested deeper than the limit (a stack-overflow attempt), without recursing', async () => {
    const e = await readWith((m) => JSON.stringify({ ...m, preprocessing: { deep: JSON.parse('['.repeat(100) + ']'.repeat(100)) } }));
    expect(e.reason).toBe('invalid-manifest');
    expect(e.message).toBe(`manifest.json nests objects or arrays more than ${MANIFEST_LIMITS.depth} deep.`);
    const huge = await readWith((m) => JSON.stringify(m).replace('"preprocessing":{}', `"preprocessing":{"x":${'['.repeat(200_000)}${']'.repeat(200_000)}}`));
    expect(huge.message).toContain('nests objects or arrays more than');
  });

  it('brackets inside strings do not count as nesting', async () => {
    const artifact = await createArtifact({
      plugin: { id: 'test', version: '1.0.0' }, model: { kind: 'k', config: {} }, onnx: Uint8Array.of(8, 1),
      preprocessing: { text: '[[[[{{{{'.repeat(100), quote: 'a\\"[[[' },
    });
    const bytes = new TextEncoder().encode(JSON.stringify(artifact.manifest));
    await expect(readArtifact(async (p) => (p === 'manifest.json' ? bytes : artifact.files.get(p)!))).resolves.toBeDefined();
  });

  it('a name longer than the limit, naming the field', async () => {
    const e = await readWith((m) => ({ ...m, plugin: { id: 'x'.repeat(10_000), version: '1.0.0' } }));
    expect(e.message).toBe(`manifest.json is invalid: plugin.id has 10000 characters; the limit is ${MANIFEST_LIMITS.nameLength}.`);
    const kind = await readWith((m) => ({ ...m, model: { kind: 'k'.repeat(201), config: {} } }));
    expect(kind.message).toContain('model.kind has 201 characters');
  });

  it('too many metrics', async () => {
    const metrics = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`m${i}`, i]));
    const e = await readWith((m) => ({ ...m, metrics }));
    expect(e.message).toBe(`manifest.json is invalid: metrics has 1001 entries; the limit is ${MANIFEST_LIMITS.metrics}.`);
  });

  it('a manifest over the byte limit', async () => {
    const e = await readWith((m) => JSON.stringify({ ...m, preprocessing: { pad: 'x' } }).padEnd(MANIFEST_LIMITS.bytes + 1, ' '));
    expect(e.message).toBe(`manifest.json has ${MANIFEST_LIMITS.bytes + 1} bytes; the limit is ${MANIFEST_LIMITS.bytes}.`);
  });
});
