// `npm run demo`: prepare the demo models (cached), then serve the built app on 127.0.0.1.
// Options: --prepare-only, --only <id,id> (prepare just these models), --port <n> (default 5173, or
// PORT), --host <h> (default 127.0.0.1).
import { parseArgs } from 'node:util';
import { datasetsDir } from './datasets.js';
import { paths } from './paths.js';
import { prepareModels } from './prepare.js';
import { demoRecipes } from './recipes/index.js';
import { serveDemo } from './serve.js';

const { values } = parseArgs({
  options: {
    'prepare-only': { type: 'boolean', default: false },
    only: { type: 'string' },
    port: { type: 'string', default: process.env['PORT'] ?? '5173' },
    host: { type: 'string', default: '127.0.0.1' },
  },
});

const started = performance.now();
console.log(`Preparing the demo models (cache: ${paths.modelsDir}; optional data sets: ${datasetsDir()})`);
const only = values.only?.split(',').map((s) => s.trim());
const recipes = demoRecipes().filter((r) => !only || only.includes(r.id));
if (only && recipes.length !== only.length) {
  console.error(`--only: unknown model id in ${values.only}; the demo's models are ${demoRecipes().map((r) => r.id).join(', ')}.`);
  process.exit(2);
}
// a partial list gets its own model list, so it never hides models from a full run
const indexFile = only ? 'index.only.json' : 'index.json';
const { index, trained, skipped } = await prepareModels({ recipes, cacheDir: paths.modelsDir, indexFile });
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`${index.models.length} models ready in ${seconds} s (${trained.length ? `trained: ${trained.join(', ')}` : 'all from the cache'})`);
for (const s of skipped) console.log(`  skipped ${s.id}: ${s.reason} (set ATTUNE_DATASETS to the shared datasets folder to add it)`);

if (!values['prepare-only']) {
  const server = await serveDemo({ webDir: paths.webDir, modelsDir: paths.modelsDir, indexFile, host: values.host, port: Number(values.port) });
  console.log(`\n  Attune demo: ${server.url}\n\n  (Ctrl+C to stop)`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
