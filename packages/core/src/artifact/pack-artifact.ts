import { z } from 'zod';
import type { Artifact } from './artifact.js';
import { ArtifactError } from './artifact-error.js';
import { checkArtifactPath, MANIFEST_FILE } from './artifact-path.js';
import { decodeUtf8, parseJsonSafely, parseWith, serializeManifest } from './manifest.js';
import { readArtifact } from './read-artifact.js';

/**
 * The single-file form, for hosting an artifact as one static file:
 *
 *   bytes 0-7    "ATTUNE01" (ASCII magic; the digits are the pack layout's version)
 *   bytes 8-11   N, the index length, uint32 little-endian
 *   bytes 12..   the index: N bytes of UTF-8 JSON, `{ "files": [{ "path", "offset", "bytes" }] }`,
 *                `manifest.json` first, padded with spaces so that 12 + N is a multiple of 8
 *   12 + N ..    the data section: each file's bytes at its `offset` (counted from the start of
 *                this section), each starting on a multiple of 8 with zero padding between, so a
 *                reader may view float data in place
 *
 * The index only locates files; trust still comes from the manifest's hashes, checked on unpack.
 */
const MAGIC = 'ATTUNE01';
const HEADER_BYTES = 12;
const ALIGN = 8;

const indexSchema = z.strictObject({
  files: z.array(
    z.strictObject({
      path: z.string(),
      offset: z.number().int().nonnegative(),
      bytes: z.number().int().nonnegative(),
    }),
  ),
});

/** Packs an artifact (manifest and every file) into one Uint8Array; see the layout above. */
export function packArtifact(artifact: Artifact): Uint8Array {
  const entries: Array<[string, Uint8Array]> = [[MANIFEST_FILE, serializeManifest(artifact.manifest)], ...artifact.files];
  const located: Array<{ path: string; offset: number; bytes: number }> = [];
  let size = 0;
  for (const [path, bytes] of entries) {
    const offset = align(size);
    located.push({ path, offset, bytes: bytes.byteLength });
    size = offset + bytes.byteLength; // no padding after the last file: a pack ends where its data does
  }
  // Offsets are relative to the data section, so the index does not depend on its own length;
  // trailing spaces (valid JSON whitespace) make the data section start 8-aligned.
  const json = new TextEncoder().encode(JSON.stringify({ files: located }));
  const index = new Uint8Array(align(HEADER_BYTES + json.length) - HEADER_BYTES).fill(0x20); // 0x20: space
  index.set(json);
  const dataStart = HEADER_BYTES + index.length;
  const out = new Uint8Array(dataStart + size);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(8, index.length, true);
  out.set(index, HEADER_BYTES);
  entries.forEach(([, bytes], i) => out.set(bytes, dataStart + located[i]!.offset));
  return out;
}

/**
 * Unpacks and validates a packed artifact with the same checks as `readArtifact`, after checking
 * the magic bytes and that every index entry lies inside the buffer (past the index), so a
 * truncated or hostile pack cannot make the reader look outside it.
 */
export async function unpackArtifact(packed: Uint8Array): Promise<Artifact> {
  if (!(packed instanceof Uint8Array)) throw new TypeError(`unpackArtifact: expected a Uint8Array, got ${typeof packed}.`);
  const magic = new TextDecoder().decode(packed.subarray(0, MAGIC.length));
  if (packed.length < HEADER_BYTES || !magic.startsWith('ATTUNE')) {
    corrupt(`not a packed Attune artifact (it does not start with ${MAGIC})`);
  }
  if (magic !== MAGIC) {
    throw new ArtifactError('unsupported-version', `packed artifact layout ${magic.slice(6)} is not supported by this @attune/core (supports 01); upgrade @attune/core to load it.`);
  }
  const indexLength = new DataView(packed.buffer, packed.byteOffset, packed.byteLength).getUint32(8, true);
  const dataStart = HEADER_BYTES + indexLength;
  if (dataStart > packed.length) corrupt(`its index claims ${indexLength} bytes but only ${packed.length - HEADER_BYTES} follow the header`);
  const index = readIndex(packed.subarray(HEADER_BYTES, dataStart));
  const located = new Map<string, { offset: number; bytes: number }>();
  for (const entry of index.files) {
    checkArtifactPath(entry.path);
    if (located.has(entry.path)) corrupt(`its index lists ${entry.path} twice`);
    const start = dataStart + entry.offset;
    if (start + entry.bytes > packed.length) {
      corrupt(`${entry.path} claims bytes ${start}..${start + entry.bytes} but the pack has ${packed.length}`);
    }
    located.set(entry.path, { offset: start, bytes: entry.bytes });
  }
  return readArtifact(async (path) => {
    const entry = located.get(path);
    if (!entry) throw new ArtifactError('missing-file', `Packed artifact has no ${path}, which its manifest lists.`, { path });
    return packed.slice(entry.offset, entry.offset + entry.bytes); // a copy: the artifact does not pin the whole pack
  });
}

/** The index, parsed and schema-checked; any failure is a corrupt pack (the index is not the manifest). */
function readIndex(bytes: Uint8Array): z.infer<typeof indexSchema> {
  try {
    return parseWith(indexSchema, parseJsonSafely(decodeUtf8(bytes, 'its index'), 'its index'), 'its index');
  } catch (error) {
    if (error instanceof ArtifactError) corrupt(error.message.replace(/\.$/, ''));
    throw error;
  }
}

function align(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}

function corrupt(why: string): never {
  throw new ArtifactError('corrupt-pack', `Packed artifact is truncated or corrupt: ${why}.`);
}
