#!/usr/bin/env node
// The install test (see README.md): pack every public package, install the tarballs into a fresh
// Node project and a fresh Vite project outside the workspace, and predict in each.
import { execFileSync } from 'node:child_process';
import { copyFileSync, createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const fixtures = path.join(here, 'fixtures');
const rootPkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8'));
const started = performance.now();
const step = (message) => console.log(`[install-test ${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${message}`);

// onnxruntime-node's install script would download CUDA libraries; its CPU binaries ship in the package.
const env = { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });

const tmp = mkdtempSync(path.join(os.tmpdir(), 'attune-install-'));
try {
  // 1. npm pack every public package
  const publicPackages = readdirSync(path.join(repo, 'packages'))
    .map((dir) => path.join(repo, 'packages', dir))
    .filter((dir) => existsSync(path.join(dir, 'package.json')))
    .map((dir) => ({ dir, pkg: JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) }))
    .filter(({ pkg }) => !pkg.private);
  const tarballDir = path.join(tmp, 'tarballs');
  mkdirSync(tarballDir);
  const tarballs = {};
  for (const { dir, pkg } of publicPackages) {
    if (!existsSync(path.join(dir, 'dist'))) throw new Error(`${pkg.name} is not built (${dir}/dist is missing): run \`npm run build\` first.`);
    const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', tarballDir], dir));
    tarballs[pkg.name] = path.join(tarballDir, packed.filename);
  }
  step(`packed ${Object.keys(tarballs).join(', ')}`);
  const versionOf = (name) => {
    // third-party versions as the workspace locks them, so the test installs what CI tested
    const lock = JSON.parse(readFileSync(path.join(repo, 'package-lock.json'), 'utf8'));
    return lock.packages[`node_modules/${name}`]?.version ?? 'latest';
  };
  const install = (dir, deps) => {
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: path.basename(dir), private: true, type: 'module', dependencies: deps }, null, 2));
    // --ignore-scripts: skips onnxruntime-node's download; nothing else here needs an install script
    run('npm', ['install', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], dir);
  };
  const attune = (names) => Object.fromEntries(names.filter((n) => tarballs[n]).map((n) => [n, `file:${tarballs[n]}`]));

  // 2. a fresh Node project: every public package
  const nodeApp = path.join(tmp, 'node-app');
  mkdirSync(nodeApp);
  install(nodeApp, { ...attune(Object.keys(tarballs)), 'onnxruntime-node': versionOf('onnxruntime-node') });
  for (const f of ['node-smoke.mjs', 'node-require.cjs']) copyFileSync(path.join(fixtures, f), path.join(nodeApp, f));
  step('node project installed');
  const artifactFile = path.join(tmp, 'model.attune');
  const nodeResultFile = path.join(tmp, 'node-result.json');
  process.stdout.write(run('node', ['node-smoke.mjs', artifactFile, nodeResultFile], nodeApp));
  process.stdout.write(run('node', ['node-require.cjs', ...Object.keys(tarballs).filter((n) => n.startsWith('@attune/'))], nodeApp));
  const nodeResult = JSON.parse(readFileSync(nodeResultFile, 'utf8'));
  if (nodeResult.prediction.label !== 'delivery') throw new Error(`Node predicted ${JSON.stringify(nodeResult.prediction)}; expected "delivery".`);

  // 3. a fresh Vite project: the browser-side packages, bundled, run in Chromium
  const viteApp = path.join(tmp, 'vite-app');
  mkdirSync(path.join(viteApp, 'public'), { recursive: true });
  install(viteApp, {
    ...attune(['@attune/core', '@attune/web', '@attune/text', '@attune/speech', '@attune/recommend']),
    'onnxruntime-web': versionOf('onnxruntime-web'),
    '@tensorflow/tfjs-core': versionOf('@tensorflow/tfjs-core'),
    vite: rootPkg.devDependencies.vite,
  });
  copyFileSync(path.join(fixtures, 'vite-main.js'), path.join(viteApp, 'main.js'));
  copyFileSync(path.join(fixtures, 'vite-index.html'), path.join(viteApp, 'index.html'));
  copyFileSync(artifactFile, path.join(viteApp, 'public', 'model.attune'));
  writeFileSync(path.join(viteApp, 'vite.config.js'), "export default { base: './', build: { target: 'es2022', chunkSizeWarningLimit: 4096 } };\n");
  step('vite project installed');
  run(path.join(viteApp, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn'], viteApp);
  step('vite build done');
  const browserResult = await runInChromium(path.join(viteApp, 'dist'));
  if (browserResult.error) throw new Error(`The Vite app failed in Chromium:\n${browserResult.error}\n--- console ---\n${browserResult.logs.join('\n')}`);
  const a = nodeResult.prediction;
  const b = browserResult.prediction;
  const maxDiff = Math.max(...Object.keys(a.scores).map((k) => Math.abs(a.scores[k] - b.scores[k])));
  if (b.label !== a.label || !(maxDiff < 1e-4)) {
    throw new Error(`Browser and Node disagree: browser ${JSON.stringify(b)} vs node ${JSON.stringify(a)} (max score difference ${maxDiff}).`);
  }
  step(`chromium (${browserResult.device}, crossOriginIsolated ${browserResult.isolated}): ${b.label} ${b.score.toFixed(4)}, max |score - node| = ${maxDiff.toExponential(2)}`);
  step('PASS: packed packages install and predict in a fresh Node project and a fresh Vite project');
} finally {
  if (process.env.KEEP_INSTALL_TEST === '1') console.log(`kept ${tmp}`);
  else rmSync(tmp, { recursive: true, force: true });
}

/** Serves `dir` cross-origin isolated on 127.0.0.1 and opens it in headless Chromium; returns window.__result. */
async function runInChromium(dir) {
  const { chromium } = await import('playwright-core');
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };
  const server = createServer((req, res) => {
    const pathname = new URL(req.url, 'http://x').pathname;
    const file = path.join(dir, pathname === '/' ? 'index.html' : pathname);
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    if (!file.startsWith(dir + path.sep) || !existsSync(file) || !statSync(file).isFile()) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': types[path.extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const browser = await chromium.launch({
    executablePath: process.env.ATTUNE_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update'],
  });
  const logs = [];
  try {
    const page = await browser.newPage();
    page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    const handle = await page.waitForFunction(() => window.__result, undefined, { timeout: 120_000 });
    return { ...(await handle.jsonValue()), logs };
  } finally {
    await browser.close();
    server.close();
  }
}
