// `npm run demo`: prepare the demo models (cached), then serve the built app on 127.0.0.1.
// Options: --prepare-only, --port <n> (default 5173, or PORT), --host <h> (default 127.0.0.1).
import { parseArgs } from 'node:util';
import { datasetsDir } from './datasets.js';
import { paths } from './paths.js';
import { prepareModels } from './prepare.js';
import { demoRecipes } from './recipes/index.js';
import { serveDemo } from './serve.js';

const { values } = parseArgs({
  options: {
    'prepare-only': { type: 'boolean', default: false },
    port: { type: 'string', default: process.env['PORT'] ?? '5173' },
    host: { type: 'string', default: '127.0.0.1' },
  },
});

const started = performance.now();
console.log(`Preparing the demo models (cache: ${paths.modelsDir}; optional data sets: ${datasetsDir()})`);
const { index, trained, skipped } = await prepareModels({ recipes: demoRecipes(), cacheDir: paths.modelsDir });
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`${index.models.length} models ready in ${seconds} s (${trained.length ? `trained: ${trained.join(', ')}` : 'all from the cache'})`);
for (const s of skipped) console.log(`  skipped ${s.id}: ${s.reason} (set ATTUNE_DATASETS to the shared datasets folder to add it)`);

if (!values['prepare-only']) {
  const server = await serveDemo({ webDir: paths.webDir, modelsDir: paths.modelsDir, host: values.host, port: Number(values.port) });
  console.log(`\n  Attune demo: ${server.url}\n\n  (Ctrl+C to stop)`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
