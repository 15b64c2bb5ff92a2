// Prepares the demo models: trains each available recipe once and caches the packed artifact under
// `<cacheDir>/<id>-<hash>/`, where the hash covers the data fingerprint, the recipe's config and the
// versions of the Attune packages. A second run with nothing changed trains nothing.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createNodeRuntime, savePackedArtifact } from '@attune/node';
import type { DemoModelEntry, DemoModelIndex } from '../shared/model-index.js';
import { createProgressReporter } from './progress.js';
import type { Recipe } from './recipes/recipe.js';

export interface PrepareOptions {
  recipes: Recipe[];
  cacheDir: string;
  /** Where progress goes (bars on a TTY, lines otherwise). Default stderr. */
  stream?: NodeJS.WriteStream;
  /** The model list's file name in `cacheDir` (the tests write their own). Default `index.json`. */
  indexFile?: string;
}

export interface PrepareResult {
  index: DemoModelIndex;
  /** Recipe ids trained in this run (the rest came from the cache). */
  trained: string[];
  skipped: { id: string; reason: string }[];
}

/** Bump when a recipe changes in a way its config does not show. */
const RECIPES_VERSION = 1;
const ENTRY_FILE = 'entry.json';
const MODEL_FILE = 'model.attune';

export async function prepareModels({ recipes, cacheDir, stream = process.stderr, indexFile = 'index.json' }: PrepareOptions): Promise<PrepareResult> {
  await mkdir(cacheDir, { recursive: true });
  const reporter = createProgressReporter(stream);
  const models: DemoModelEntry[] = [];
  const trained: string[] = [];
  const skipped: PrepareResult['skipped'] = [];
  try {
    const runtime = createNodeRuntime();
    for (const recipe of recipes) {
      if (!recipe.available()) {
        skipped.push({ id: recipe.id, reason: 'its data set is not present' });
        continue;
      }
      const folder = `${recipe.id}-${cacheHash(recipe)}`;
      const dir = path.join(cacheDir, folder);
      const cached = path.join(dir, ENTRY_FILE);
      if (existsSync(cached)) {
        models.push(JSON.parse(readFileSync(cached, 'utf8')) as DemoModelEntry);
        continue;
      }
      const progress = reporter.start(recipe.id);
      const started = performance.now();
      const result = await recipe.train(runtime, progress);
      progress.stop();
      const entry: DemoModelEntry = {
        id: recipe.id,
        task: recipe.task,
        title: recipe.title,
        dataset: result.dataset,
        file: `${folder}/${MODEL_FILE}`,
        metrics: result.metrics,
        trainSeconds: Math.round((performance.now() - started) / 100) / 10,
        ...(result.samples ? { samples: result.samples } : {}),
        ...(result.extraFiles ? { extraFiles: Object.fromEntries(Object.keys(result.extraFiles).map((n) => [n, `${folder}/${n}`])) } : {}),
      };
      // Written to a temporary folder and renamed: an interrupted run never leaves a half cache entry.
      const tmp = `${dir}.tmp-${process.pid}`;
      await rm(tmp, { recursive: true, force: true });
      await mkdir(tmp, { recursive: true });
      await savePackedArtifact(path.join(tmp, MODEL_FILE), result.artifact);
      for (const [name, body] of Object.entries(result.extraFiles ?? {})) await writeFile(path.join(tmp, name), body);
      await writeFile(path.join(tmp, ENTRY_FILE), `${JSON.stringify(entry, null, 2)}\n`);
      await removeStale(cacheDir, recipe.id);
      // another run (a second terminal, the tests) may have finished the same entry meanwhile
      if (existsSync(dir)) await rm(tmp, { recursive: true, force: true });
      else await rename(tmp, dir);
      models.push(entry);
      trained.push(recipe.id);
    }
  } finally {
    reporter.stop();
  }
  const index: DemoModelIndex = { format: 1, models };
  await writeFile(path.join(cacheDir, indexFile), `${JSON.stringify(index, null, 2)}\n`);
  return { index, trained, skipped };
}

/** Older cache entries of a recipe (another data set version or config). */
async function removeStale(cacheDir: string, id: string): Promise<void> {
  for (const name of await readdir(cacheDir)) {
    if (name.startsWith(`${id}-`) && /^[0-9a-f]{16}$/.test(name.slice(id.length + 1))) await rm(path.join(cacheDir, name), { recursive: true, force: true });
  }
}

function cacheHash(recipe: Recipe): string {
  const key = { RECIPES_VERSION, recipe: recipe.id, key: recipe.cacheKey(), code: codeHashes(recipe.packages) };
  return createHash('sha256').update(JSON.stringify(key)).digest('hex').slice(0, 16);
}

/**
 * The model a recipe trains depends on the code that trains and exports it: the hash of each Attune
 * package's built entry (so a rebuilt package with the same version still retrains).
 */
function codeHashes(packages: readonly string[]): Record<string, string> {
  const require = createRequire(import.meta.url);
  return Object.fromEntries(packages.map((name) => [name, createHash('sha256').update(readFileSync(require.resolve(name))).digest('hex')]));
}
