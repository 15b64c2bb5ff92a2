import { z } from 'zod';
import { ArtifactError } from './artifact-error.js';

/** The artifact format this build writes and the only one it reads. */
export const ARTIFACT_FORMAT_VERSION = 1;

/** File names with a meaning in format version 1 (other files may ride along, e.g. a plugin's vocabulary). */
export const ONNX_FILE = 'model.onnx';
export const TRAINING_STATE_JSON = 'training-state.json';
export const TRAINING_STATE_BIN = 'training-state.bin';

const jsonObject = z.record(z.string(), z.unknown());

/** One file the manifest vouches for: its exact size and SHA-256. */
export const fileEntrySchema = z.strictObject({
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lower-case hex digits'),
  bytes: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
});

/** `manifest.json`, format version 1. Unknown top-level fields are refused so typos do not pass silently. */
export const manifestSchema = z.strictObject({
  formatVersion: z.literal(ARTIFACT_FORMAT_VERSION),
  plugin: z.strictObject({ id: z.string().min(1), version: z.string().min(1) }),
  model: z.strictObject({ kind: z.string().min(1), config: jsonObject }),
  /** Whatever turns raw input into model input and back (vocabulary, labels, item ids, audio settings). */
  preprocessing: jsonObject,
  metrics: z.record(z.string(), z.number()),
  createdAt: z.iso.datetime({ offset: true }),
  files: z.record(z.string(), fileEntrySchema),
});

export type ArtifactManifest = z.infer<typeof manifestSchema>;
export type ArtifactFileEntry = z.infer<typeof fileEntrySchema>;

/** Decodes UTF-8 strictly: invalid bytes are refused (as an invalid manifest), never replaced with U+FFFD. */
export function decodeUtf8(bytes: Uint8Array, what: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (cause) {
    throw new ArtifactError('invalid-manifest', `${what} is not valid UTF-8.`, { path: what, cause });
  }
}

/**
 * Parses untrusted JSON text without letting it touch prototypes: a `__proto__` key is refused
 * outright rather than trusted to every consumer downstream.
 */
export function parseJsonSafely(text: string, what: string): unknown {
  try {
    return JSON.parse(text, (key, value: unknown) => {
      if (key === '__proto__') throw new Error('a "__proto__" key is not allowed');
      return value;
    });
  } catch (cause) {
    throw new ArtifactError('invalid-manifest', `${what} is not valid JSON: ${(cause as Error).message}.`, { path: what, cause });
  }
}

/**
 * Validates a parsed manifest. The version is checked before the schema so that a newer artifact
 * gets "upgrade" advice instead of a list of schema complaints about fields this build never heard of.
 */
export function validateManifest(value: unknown): ArtifactManifest {
  const version = typeof value === 'object' && value !== null ? (value as { formatVersion?: unknown }).formatVersion : undefined;
  if (typeof version === 'number' && version !== ARTIFACT_FORMAT_VERSION) {
    const advice =
      version > ARTIFACT_FORMAT_VERSION ? 'upgrade @attune/core to load it' : 'export it again with a current version of Attune';
    throw new ArtifactError(
      'unsupported-version',
      `artifact format version ${version} is not supported by this @attune/core (supports ${ARTIFACT_FORMAT_VERSION}); ${advice}.`,
    );
  }
  return parseWith(manifestSchema, value, 'manifest.json');
}

/**
 * Runs a zod schema and turns its issues into one ArtifactError whose message names every
 * offending field by its dotted path, e.g. `manifest.json is invalid: model.kind: expected string`.
 */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
  throw new ArtifactError('invalid-manifest', `${what} is invalid: ${issues.join('; ')}.`, { path: what });
}

/** The manifest as stored: pretty-printed UTF-8 JSON (people read it; it is small next to the weights). */
export function serializeManifest(manifest: ArtifactManifest): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`);
}
