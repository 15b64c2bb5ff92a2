// Node side of the artifact browser tests: files served through Playwright routes rather than the
// harness's static server, because these tests need what it does not do: ETags with 304 answers,
// contents that change between loads, and a log of every request (the network count).
import { createHash } from 'node:crypto';
import type { Page, Route } from 'playwright-core';

export interface RoutedRequest {
  path: string;
  status: number;
}

/**
 * A mutable set of files under one path prefix. Each response carries a strong ETag (a hash of the
 * body) unless `etags` is false, and a matching If-None-Match gets 304 with no body.
 */
export class RoutedFiles {
  readonly files = new Map<string, Uint8Array>();
  readonly requests: RoutedRequest[] = [];
  etags = true;
  /** When true, every request fails at the network level, as when the server is unreachable. */
  offline = false;

  constructor(readonly prefix: string) {}

  /** Routes this prefix for the page's whole context, so a worker's requests are served too. */
  async attach(page: Page): Promise<void> {
    await page.context().route((url) => url.pathname.startsWith(this.prefix), (route) => this.handle(route));
  }

  /** Puts every `path: body` pair (paths absolute, under the prefix). */
  set(files: Record<string, Uint8Array>): void {
    for (const [path, body] of Object.entries(files)) this.files.set(path, body);
  }

  /** Requests (with their status) whose path ends with `suffix`. */
  requestsFor(suffix: string): RoutedRequest[] {
    return this.requests.filter((r) => r.path.endsWith(suffix));
  }

  private async handle(route: Route): Promise<void> {
    const path = new URL(route.request().url()).pathname;
    if (this.offline) {
      this.requests.push({ path, status: 0 });
      await route.abort('internetdisconnected');
      return;
    }
    const body = this.files.get(path);
    if (!body) {
      this.requests.push({ path, status: 404 });
      await route.fulfill({ status: 404, contentType: 'text/plain', body: `not found: ${path}` });
      return;
    }
    const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 20)}"`;
    const headers: Record<string, string> = { 'Cache-Control': 'no-cache', ...(this.etags ? { ETag: etag } : {}) };
    if (this.etags && route.request().headers()['if-none-match'] === etag) {
      this.requests.push({ path, status: 304 });
      await route.fulfill({ status: 304, headers });
      return;
    }
    this.requests.push({ path, status: 200 });
    await route.fulfill({ status: 200, headers: { ...headers, 'Content-Type': 'application/octet-stream' }, body: Buffer.from(body) });
  }
}
