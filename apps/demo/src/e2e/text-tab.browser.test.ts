// The text tab end to end in the built app: a prepared model classifies, the backend switch works,
// and a classifier trains in the page with a live loss curve.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemo, type DemoBrowser } from './harness.js';

let demo: DemoBrowser;

beforeAll(async () => {
  demo = await openDemo();
}, 600_000); // on a fresh clone this trains the demo models first (cached afterwards)

afterAll(async () => {
  await demo?.close();
});

/** Types `text`, classifies, and returns the shown label and the number of score bars. */
async function classify(text: string): Promise<{ label: string; bars: number; latency: string }> {
  const { page } = demo;
  await page.fill('[data-testid="text-input"]', text);
  await page.click('[data-testid="text-classify"]');
  const label = page.locator('[data-testid="text-label"]');
  await label.waitFor({ timeout: 60_000 });
  return {
    label: (await label.getAttribute('data-label'))!,
    bars: await page.locator('[data-testid="text-output"] [data-testid="score-bars"] .bar').count(),
    latency: (await page.textContent('[data-testid="text-latency"]'))!,
  };
}

describe('text tab', () => {
  it('labels a spam mail and a normal one with the prepared spam filter, with scores and latency', async () => {
    expect(demo.index.models.map((m) => m.id)).toContain('spam');
    await demo.page.click('[data-testid="tab-text"]');
    expect(await demo.page.textContent('[data-testid="text-dataset"]')).toMatch(/SpamAssassin/);
    const spam = await classify('WIN CASH NOW!!! Click here to claim your FREE prize, limited offer, order today and save 80%');
    expect(spam.label).toBe('spam');
    expect(spam.bars).toBe(2);
    expect(spam.latency).toMatch(/^\d+(\.\d)? ms on (webgpu|wasm)/);
    const ham = await classify('Re: the patch for the build script fails on my machine, can you send the log from yesterday?');
    expect(ham.label).toBe('ham');
    await demo.screenshot('text-classify');
  });

  it('runs on WASM after the backend switch', async () => {
    await demo.page.selectOption('[data-testid="backend-select"]', 'wasm');
    const result = await classify('Get rich quick!!! Buy cheap meds online, no prescription, click the link');
    expect(result.latency).toMatch(/ on wasm/);
    expect(result.label).toBe('spam');
  });

  it('trains a classifier in the page from the example table, drawing the loss curve', async () => {
    const { page } = demo;
    await page.fill('[data-testid="train-epochs"]', '40');
    await page.click('[data-testid="text-train"]');
    await page.waitForSelector('[data-testid="train-status"][data-done="true"]', { timeout: 180_000 });
    expect(await page.textContent('[data-testid="train-status"]')).toMatch(/Trained in [\d.]+ s on onnxruntime-web/);
    // the curve has points: a drawn canvas differs from a blank one
    const drawn = await page.$eval('[data-testid="loss-chart"]', (c) => (c as HTMLCanvasElement).toDataURL().length);
    const blank = await page.evaluate(() => Object.assign(document.createElement('canvas'), { width: 420, height: 160 }).toDataURL().length);
    expect(drawn).toBeGreaterThan(blank);
    await page.fill('[data-testid="train-try-input"]', 'where is my parcel');
    await page.click('[data-testid="train-try"]');
    await expect.poll(() => page.textContent('[data-testid="train-try-label"]'), { timeout: 30_000 }).toMatch(/^delivery/);
    await demo.screenshot('text-train');
  });

  it('explains what runs where', async () => {
    await demo.page.click('[data-testid="tab-about"]');
    expect(await demo.page.locator('[data-testid="where-table"] tbody tr').count()).toBeGreaterThanOrEqual(5);
    expect(await demo.page.textContent('[data-testid="model-list"]')).toMatch(/Spam filter/);
    await demo.screenshot('what-runs-where');
  });

  it('logged no console errors', () => {
    expect(demo.errors, demo.logs.join('\n')).toEqual([]);
  });
});
