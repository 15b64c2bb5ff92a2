import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The shared datasets folder: `ATTUNE_DATASETS`, else `../shared/datasets` beside the clone
 * (where CI puts it). Never copied into the repository.
 */
export function datasetsDir(): string {
  const fromEnv = process.env.ATTUNE_DATASETS;
  return fromEnv ? path.resolve(fromEnv) : fileURLToPath(new URL('../../../../../shared/datasets', import.meta.url));
}

/** Absolute paths of every FSDD recording, sorted, and the folder they came from. */
export function fsddRecordings(): { dir: string; files: string[] } {
  const dir = path.join(datasetsDir(), 'fsdd', 'recordings');
  if (!existsSync(dir)) throw new Error(`FSDD recordings not found at ${dir}; set ATTUNE_DATASETS to the datasets folder`);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.wav'))
    .sort()
    .map((f) => path.join(dir, f));
  return { dir, files };
}
