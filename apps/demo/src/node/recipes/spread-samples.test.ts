// The sample digits the vision tab offers: a spread over every digit, not whatever a stride hits.
import { loadMnist } from 'attune-plugin-vision/node';
import { describe, expect, it } from 'vitest';
import { DIGIT_SAMPLES_PER_LABEL, digitSamples } from './vision.js';
import { spreadSamples } from './spread-samples.js';

const labelled = (labels: string) => [...labels].map((label, i) => ({ label, i }));

describe('spreadSamples', () => {
  it('takes perLabel of each label, evenly spaced, interleaved in natural label order', () => {
    const examples = labelled('0000111122');
    expect(spreadSamples(examples, 2).map((e) => `${e.label}@${e.i}`)).toEqual(['0@1', '1@5', '2@8', '0@3', '1@7', '2@9']);
    // a label short of examples gives what it has; numeric labels sort as numbers
    const many = [...labelled('9'), { label: '10', i: 1 }, ...labelled('2')];
    expect(spreadSamples(many, 3).map((e) => e.label)).toEqual(['2', '9', '10']);
    expect(spreadSamples([], 2)).toEqual([]);
    expect(() => spreadSamples(examples, 0)).toThrow(/positive integer/);
  });

  it('spreads over a label-interleaved list too (where a fixed stride hits one label only)', () => {
    const examples = labelled('01'.repeat(50));
    expect(examples.filter((_, i) => i % 10 === 0).every((e) => e.label === '0')).toBe(true); // the old way
    expect(spreadSamples(examples, 2).map((e) => `${e.label}@${e.i}`)).toEqual(['0@24', '1@25', '0@74', '1@75']);
  });
});

describe('the vision tab samples', () => {
  it('offer two of each of the ten digits from the MNIST test split (the old stride gave eighteen 0s)', () => {
    const { test } = loadMnist({ trainCount: 10, validationCount: 10 });
    const samples = digitSamples(test);
    expect(samples).toHaveLength(10 * DIGIT_SAMPLES_PER_LABEL);
    expect(samples.slice(0, 10).map((s) => s.label)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    const counts: Record<string, number> = {};
    for (const s of samples) counts[s.label] = (counts[s.label] ?? 0) + 1;
    expect(counts).toEqual(Object.fromEntries([...'0123456789'].map((d) => [d, DIGIT_SAMPLES_PER_LABEL])));
    // distinct images, all from the test split
    expect(new Set(samples).size).toBe(samples.length);
    for (const s of samples) expect(test).toContain(s);
  });
});
