// The speech tab end to end in the built app: a dropped WAV is drawn and recognised, a WAV played
// through Chromium's fake microphone is detected live, and a new keyword is enrolled from WAV files.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeWav } from '@attune/speech';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNTHETIC_RATE, syntheticClip, type SyntheticLabel } from '../shared/synthetic-sounds.js';
import { openDemo, type DemoBrowser } from './harness.js';

let demo: DemoBrowser;
let dir: string;

/** A 16-bit PCM WAV of a synthetic sound (seeds far from the training set's). */
async function wavFile(label: SyntheticLabel, seed: number, seconds = 1): Promise<string> {
  const file = path.join(dir, `${label}-${seed}.wav`);
  await writeFile(file, writeWav(syntheticClip(label, seed, seconds), SYNTHETIC_RATE, 16));
  return file;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'attune-demo-audio-'));
  // Chromium loops this file as the microphone: a "rise" every 1.5 s
  demo = await openDemo({ fakeMicWav: await wavFile('rise', 777_001, 1.5) });
  await demo.page.click('[data-testid="tab-speech"]');
  await demo.page.waitForSelector('[data-testid="speech-labels"][data-labels]', { timeout: 60_000 });
}, 600_000);

afterAll(async () => {
  await demo?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function dropWav(file: string): Promise<string> {
  const { page } = demo;
  await page.locator('[data-testid="speech-label"]').evaluateAll((els) => els.forEach((e) => e.remove()));
  await page.setInputFiles('input[data-testid="speech-file"]', file);
  const result = page.locator('[data-testid="speech-label"], [data-testid="speech-output"] .error');
  await result.first().waitFor({ timeout: 120_000 });
  const label = await result.first().getAttribute('data-label');
  if (label === null) throw new Error(`The speech tab showed an error: ${await result.first().textContent()}`);
  return label;
}

describe('speech tab', () => {
  it('says the default model is trained on synthetic data', async () => {
    expect(await demo.page.textContent('[data-testid="speech-dataset"]')).toMatch(/^SYNTHETIC data set/);
  });

  it('draws the log-mel spectrogram of a dropped WAV and recognises it', async () => {
    expect(await dropWav(await wavFile('fall', 555_001))).toBe('fall');
    expect(Number(await demo.page.getAttribute('[data-testid="spectrogram"]', 'data-frames'))).toBeGreaterThan(10);
    expect(await demo.page.locator('[data-testid="speech-output"] .bar').count()).toBe(5);
    expect(await dropWav(await wavFile('double', 555_002))).toBe('double');
    await demo.screenshot('speech-wav');
  });

  it('detects the keyword played through the fake microphone', async () => {
    const { page } = demo;
    await page.click('[data-testid="speech-listen"]');
    await page.waitForSelector('[data-testid="speech-events"] li', { timeout: 60_000 });
    const heard = await page.locator('[data-testid="speech-events"] li').evaluateAll((items) => items.map((i) => i.getAttribute('data-label')));
    await demo.screenshot('speech-live');
    await page.click('[data-testid="speech-listen"]');
    expect(heard[0]).toBe('rise');
  });

  it('enrols a new keyword from WAV files and then recognises it', async () => {
    const { page } = demo;
    const files = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => wavFile('warble', 660_000 + i)));
    await page.fill('[data-testid="enrol-label"]', 'warble');
    await page.setInputFiles('input[data-testid="enrol-files"]', files);
    await expect.poll(() => page.textContent('[data-testid="enrol-count"]')).toBe('6 recordings');
    await page.click('[data-testid="enrol"]');
    await page.waitForSelector('[data-testid="enrol-status"][data-done="true"]', { timeout: 180_000 });
    expect(await page.getAttribute('[data-testid="speech-labels"]', 'data-labels')).toContain('warble');
    expect(await dropWav(await wavFile('warble', 661_001))).toBe('warble');
    expect(await dropWav(await wavFile('hum', 661_002))).toBe('hum');
    await demo.screenshot('speech-enrol');
  });

  it('logged no console errors', () => {
    expect(demo.errors, demo.logs.join('\n')).toEqual([]);
  });
});
