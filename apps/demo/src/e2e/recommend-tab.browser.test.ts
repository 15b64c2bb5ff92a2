// The recommendation tab end to end in the built app: every click changes "next for you", clicked
// items are never recommended, and the catalogue is labelled synthetic.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemo, type DemoBrowser } from './harness.js';

let demo: DemoBrowser;

beforeAll(async () => {
  demo = await openDemo();
  await demo.page.click('[data-testid="tab-recommend"]');
  await demo.page.waitForSelector('[data-testid="recommend-status"][data-clicks="0"]', { timeout: 120_000 });
}, 600_000);

afterAll(async () => {
  await demo?.close();
});

const recommended = () => demo.page.locator('[data-testid="recommendations"] li').evaluateAll((items) => items.map((i) => i.getAttribute('data-id')!));

async function clickItem(selector: string, clicks: number): Promise<string> {
  const id = (await demo.page.getAttribute(selector, 'data-id'))!;
  await demo.page.click(selector);
  await demo.page.waitForSelector(`[data-testid="recommend-status"][data-clicks="${clicks}"]`, { timeout: 60_000 });
  return id;
}

describe('recommendation tab', () => {
  it('says the default catalogue is synthetic', async () => {
    expect(await demo.page.textContent('[data-testid="recommend-dataset"]')).toMatch(/^SYNTHETIC data set: Synthetic hobby shop/);
  });

  it('changes the recommendations after each click and leaves clicked items out', async () => {
    const { page } = demo;
    const before = await recommended();
    expect(before).toHaveLength(10);
    await page.selectOption('[data-testid="recommend-group"]', 'Cooking');
    const clicked: string[] = [];
    let previous = before;
    for (let i = 0; i < 3; i++) {
      clicked.push(await clickItem(`[data-testid="catalogue"] .item:not(.seen) >> nth=${i === 0 ? 0 : 1}`, i + 1));
      const now = await recommended();
      expect(now).toHaveLength(10);
      expect(now).not.toEqual(previous);
      expect(now.filter((id) => clicked.includes(id))).toEqual([]);
      previous = now;
    }
    // a visitor into cooking gets mostly cooking next (the synthetic shoppers keep to their hobbies)
    const groups = await page.locator('[data-testid="recommendations"] li .muted').allTextContents();
    expect(groups.filter((g) => g.startsWith('Cooking')).length).toBeGreaterThanOrEqual(5);
    await demo.screenshot('recommend');
  });

  it('takes a recommended item as the next click', async () => {
    const id = await clickItem('[data-testid="recommendations"] li >> nth=0', 4);
    expect(await recommended()).not.toContain(id);
    expect(await demo.page.locator('[data-testid="history"] li').count()).toBe(4);
  });

  it('logged no console errors', () => {
    expect(demo.errors, demo.logs.join('\n')).toEqual([]);
  });
});
