import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { bundleBrowserEntry } from './bundle.js';
import { startTestServer, type StaticFiles } from './server.js';

/** Debian's chromium (`apt-get install chromium`); `ATTUNE_CHROMIUM` overrides. Never `npx playwright install`. */
export const CHROMIUM_PATH = process.env['ATTUNE_CHROMIUM'] ?? '/usr/bin/chromium';

/** Quiet, offline, GPU left on (no --disable-gpu): WebGPU uses SwiftShader when there is no real GPU. */
const BASE_ARGS = [
  '--no-sandbox',
  '--no-first-run',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserPageOptions {
  /** More entries to bundle, served as `/<name>.js` (e.g. `{ worker: 'src/__fixtures__/x.worker.ts' }`). */
  entries?: Record<string, string>;
  /** Extra files served as-is, keyed by path (`/model.onnx`). */
  files?: StaticFiles;
  /** Pass --enable-unsafe-webgpu (Linux Chrome gives no adapter without it). Default true. */
  webgpu?: boolean;
  /** More Chromium arguments. */
  args?: string[];
}

export interface BrowserPageContext {
  /** The server's origin, e.g. `http://127.0.0.1:40123`. */
  origin: string;
  /** Everything the page and its workers wrote to the console so far, as `type: text`. */
  logs: string[];
}

export interface BrowserPage extends BrowserPageContext {
  page: Page;
  /** Closes Chromium and the server and removes the profile. */
  close(): Promise<void>;
}

/**
 * Bundles `entryFile` (esbuild, ESM, browser), serves it as `/main.js` from a page at `/` (with COOP/COEP,
 * onnxruntime-web's files under `/ort/`) and opens that page in headless Chromium with a fresh
 * profile. The entry usually puts functions on `globalThis` for `page.evaluate` to call; pass data
 * as JSON (typed arrays through `toWire`/`fromWire`). Call `close()` when done (or use `withBrowserPage`).
 */
export async function openBrowserPage(entryFile: string, options: BrowserPageOptions = {}): Promise<BrowserPage> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: run \`apt-get install -y chromium\` or set ATTUNE_CHROMIUM.`);
  }
  const files: StaticFiles = {
    ...options.files,
    '/': '<!doctype html><meta charset="utf-8"><title>attune test</title><link rel="icon" href="data:,"><script type="module" src="/main.js"></script>',
    '/main.js': await bundleBrowserEntry(entryFile),
  };
  for (const [name, file] of Object.entries(options.entries ?? {})) files[`/${name}.js`] = await bundleBrowserEntry(file);

  const server = await startTestServer(files);
  const profile = await mkdtemp(path.join(os.tmpdir(), 'attune-chromium-'));
  const cleanUp = async () => {
    await server.close();
    await rm(profile, { recursive: true, force: true });
  };
  const logs: string[] = [];
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...BASE_ARGS, ...(options.webgpu === false ? [] : ['--enable-unsafe-webgpu']), ...(options.args ?? [])],
    });
    const close = async () => {
      await context.close();
      await cleanUp();
    };
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
      page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
      await page.goto(`${server.url}/`); // resolves on `load`, after module scripts have run
      return { page, origin: server.url, logs, close };
    } catch (error) {
      await close();
      throw withLogs(error, logs);
    }
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

/** `openBrowserPage`, then `fn(page)`, then close; the page's console output is appended to any error. */
export async function withBrowserPage<T>(
  entryFile: string,
  fn: (page: Page, context: BrowserPageContext) => Promise<T>,
  options: BrowserPageOptions = {},
): Promise<T> {
  const browser = await openBrowserPage(entryFile, options);
  try {
    return await fn(browser.page, browser);
  } catch (error) {
    throw withLogs(error, browser.logs);
  } finally {
    await browser.close();
  }
}

/** Adds the browser console to an error, where the real cause of a page failure usually is. */
export function withLogs(error: unknown, logs: string[]): unknown {
  if (error instanceof Error && logs.length && !error.message.includes('--- browser console ---')) {
    error.message += `\n--- browser console ---\n${logs.join('\n')}`;
  }
  return error;
}
