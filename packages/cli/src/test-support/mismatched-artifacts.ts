// Artifacts that pass every hash check but whose model.onnx does not fit the manifest: what a
// hand-edited or half-copied artifact looks like. The manifest's hashes are rewritten to match.
import { createHash } from 'node:crypto';
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

type Manifest = { files: Record<string, { sha256: string; bytes: number }>; preprocessing: Record<string, unknown>; model: { config: Record<string, unknown> } };

async function editManifest(dir: string, edit: (manifest: Manifest) => void): Promise<void> {
  const file = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(await readFile(file, 'utf8')) as Manifest;
  edit(manifest);
  await writeFile(file, JSON.stringify(manifest, null, 2));
}

/** A copy of `artifact` at `out` carrying `donor`'s model.onnx, with its hash and size in the manifest. */
export async function withForeignModel(artifact: string, donor: string, out: string): Promise<string> {
  await cp(artifact, out, { recursive: true });
  const bytes = await readFile(path.join(donor, 'model.onnx'));
  await writeFile(path.join(out, 'model.onnx'), bytes);
  await editManifest(out, (m) => (m.files['model.onnx'] = { sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.byteLength }));
  return out;
}

/** A copy of `artifact` at `out` whose manifest lists only the first `keep` labels. */
export async function withLabelsCut(artifact: string, out: string, keep: number): Promise<string> {
  await cp(artifact, out, { recursive: true });
  await editManifest(out, (m) => (m.preprocessing['labels'] = (m.preprocessing['labels'] as string[]).slice(0, keep)));
  return out;
}

/** A copy of `artifact` at `out` whose manifest's model.config has `edit` applied. */
export async function withConfigEdited(artifact: string, out: string, edit: Record<string, unknown>): Promise<string> {
  await cp(artifact, out, { recursive: true });
  await editManifest(out, (m) => Object.assign(m.model.config, edit));
  return out;
}
