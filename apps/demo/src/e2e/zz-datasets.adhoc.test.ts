// AD HOC (not committed): the data-set models in the built app.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDemo, type DemoBrowser } from './harness.js';

let demo: DemoBrowser;
beforeAll(async () => {
  demo = await openDemo();
}, 900_000);
afterAll(async () => demo?.close());

it('banking77, fsdd, movielens work in the page', async () => {
  const { page } = demo;
  expect(demo.index.models.map((m) => m.id).sort()).toEqual(['banking77', 'digits', 'fsdd', 'movielens', 'shop', 'sounds', 'spam']);
  await page.click('[data-testid="tab-text"]');
  await page.selectOption('[data-testid="text-model"]', 'banking77');
  await page.fill('[data-testid="text-input"]', 'I still have not received my new card');
  await page.click('[data-testid="text-classify"]');
  await page.waitForSelector('[data-testid="text-label"]', { timeout: 60_000 });
  console.log('banking77:', await page.getAttribute('[data-testid="text-label"]', 'data-label'), await page.textContent('[data-testid="text-latency"]'));
  await demo.screenshot('adhoc-banking77');
  await page.click('[data-testid="tab-speech"]');
  await page.selectOption('[data-testid="speech-model"]', 'fsdd');
  await page.waitForSelector('[data-testid="speech-labels"][data-labels*="9"]', { timeout: 60_000 });
  const results: string[] = [];
  for (const f of ['3_theo_0.wav', '7_jackson_1.wav', '0_nicolas_2.wav', '5_yweweler_3.wav']) {
    await page.locator('[data-testid="speech-label"]').evaluateAll((els) => els.forEach((e) => e.remove()));
    await page.setInputFiles('input[data-testid="speech-file"]', `/work/shared/datasets/fsdd/recordings/${f}`);
    await page.waitForSelector('[data-testid="speech-label"], [data-testid="speech-output"] .error', { timeout: 60_000 });
    results.push(`${f} -> ${await page.textContent('[data-testid="speech-output"] p')}`);
  }
  console.log('fsdd:', results.join(' | '));
  await demo.screenshot('adhoc-fsdd');
  await page.click('[data-testid="tab-recommend"]');
  await page.selectOption('[data-testid="recommend-model"]', 'movielens');
  await page.waitForSelector('[data-testid="recommend-status"][data-clicks="0"]', { timeout: 60_000 });
  await page.fill('input[placeholder="Search the catalogue…"]', 'Toy Story');
  await page.click('[data-testid="catalogue"] .item >> nth=0');
  await page.waitForSelector('[data-testid="recommend-status"][data-clicks="1"]', { timeout: 60_000 });
  console.log('movielens:', (await page.locator('[data-testid="recommendations"] li').allTextContents()).slice(0, 5).join(' | '));
  await demo.screenshot('adhoc-movielens');
  expect(demo.errors, demo.logs.join('\n')).toEqual([]);
});
