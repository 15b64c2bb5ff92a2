// Drives the BUILT demo app in headless Chromium (Debian's /usr/bin/chromium through playwright-core):
// prepares the models (cached), serves dist/web, opens a page with a fake microphone, collects every
// console error, and saves screenshots under test-results/screenshots/ for CI to keep.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { paths } from '../node/paths.js';
import { prepareModels } from '../node/prepare.js';
import { demoRecipes, type Recipe } from '../node/recipes/index.js';
import { serveDemo, type DemoServer } from '../node/serve.js';
import type { DemoModelIndex } from '../shared/model-index.js';

export const CHROMIUM_PATH = process.env['ATTUNE_CHROMIUM'] ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.join(paths.appDir, 'test-results', 'screenshots');

/**
 * ONNX Runtime's WASM build writes its own log lines to stderr, which reaches the console as
 * `error` whatever their level. Warning-level ones (`[W:onnxruntime:…]`, e.g. "some nodes were not
 * assigned to the preferred execution providers" when shape ops stay on CPU under WebGPU) are not
 * errors; @attune/web does not (yet) let an app pass ORT's per-session logSeverityLevel.
 */
const ORT_WARNING = /^\S*\s*\d{4}-\d\d-\d\d [\d:.]+ \[W:onnxruntime:/;

export interface DemoBrowser {
  page: Page;
  url: string;
  index: DemoModelIndex;
  /** Console errors and uncaught page errors so far. */
  errors: string[];
  /** Every console line, for failure messages. */
  logs: string[];
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

export async function openDemo(options: { fakeMicWav?: string; recipes?: Recipe[] } = {}): Promise<DemoBrowser> {
  if (!existsSync(path.join(paths.webDir, 'index.html'))) {
    throw new Error(`The app is not built (${paths.webDir} is missing): run \`npx turbo run build --filter=@attune/demo...\` first.`);
  }
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`No Chromium at ${CHROMIUM_PATH}: \`apt-get install -y chromium\` or set ATTUNE_CHROMIUM.`);
  // The models a fresh clone gets (no shared datasets): the path `npm run demo` always takes.
  // ATTUNE_DEMO_TEST_ALL=1 adds the data-set models when the data is present (slower).
  const indexFile = 'index.test.json';
  const defaultsOnly = process.env['ATTUNE_DEMO_TEST_ALL'] !== '1';
  const { index } = await prepareModels({ recipes: options.recipes ?? demoRecipes({ defaultsOnly }), cacheDir: paths.modelsDir, indexFile });
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const server: DemoServer = await serveDemo({ webDir: paths.webDir, modelsDir: paths.modelsDir, indexFile });
  const profile = await mkdtemp(path.join(os.tmpdir(), 'attune-demo-chromium-'));
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      viewport: { width: 1200, height: 900 },
      args: [
        '--no-sandbox',
        '--no-first-run',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--enable-unsafe-webgpu',
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        ...(options.fakeMicWav ? [`--use-file-for-fake-audio-capture=${options.fakeMicWav}`] : []),
        '--autoplay-policy=no-user-gesture-required',
      ],
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    const logs: string[] = [];
    page.on('console', (m) => {
      logs.push(`${m.type()}: ${m.text()}`);
      if (m.type() === 'error' && !ORT_WARNING.test(m.text())) errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    const ctx = context;
    return {
      page,
      url: server.url,
      index,
      errors,
      logs,
      screenshot: async (name) => void (await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true })),
      close: async () => {
        await ctx.close();
        await server.close();
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await context?.close();
    await server.close();
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}
