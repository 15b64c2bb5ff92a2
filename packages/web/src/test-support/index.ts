// Browser test harness (Node side, for vitest): bundle an entry, serve it cross-origin isolated,
// run it in headless Chromium. Not part of the published package.
export {
  openBrowserPage,
  withBrowserPage,
  withLogs,
  CHROMIUM_PATH,
  type BrowserPage,
  type BrowserPageOptions,
  type BrowserPageContext,
} from './browser.js';
export { bundleBrowserEntry } from './bundle.js';
export { startTestServer, ortDistDir, type StaticFiles } from './server.js';
export { toWire, fromWire } from './wire.js';
