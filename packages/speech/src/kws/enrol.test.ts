// Enrolling a new keyword from ten recordings: a spotter trained on the digits 0-8 learns "9" from
// ten clips (no access to its training clips: it uses the exemplar embeddings in its artifact), then
// recognises the other recordings of "9" while still knowing 0-8. Real FSDD audio, onnxruntime-node.
import { createNodeRuntime } from '@attune/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fsddClips } from '../test-support/fsdd-clips.js';
import { ENROL_BASE_TRAINING } from '../test-support/ci-settings.js';
import { KeywordSpotter } from './spotter.js';

const runtime = createNodeRuntime({ devices: ['cpu'] });
const clips = fsddClips((_d, s) => s !== 'george');
const base = clips.filter((c) => c.label !== '9' && c.take < 30);
const oldTest = clips.filter((c) => c.label !== '9' && c.take >= 30);
// ten recordings of "9" (takes 0-2 of each of the four speakers); the test is their takes 30-49
const enrolment = clips.filter((c) => c.label === '9' && c.take < 3).slice(0, 10);
const nineTest = clips.filter((c) => c.label === '9' && c.take >= 30);

let spotter: KeywordSpotter;
beforeAll(async () => {
  const started = performance.now();
  spotter = await KeywordSpotter.train(runtime, base, { ...ENROL_BASE_TRAINING });
  console.log(`enrol: base model on ${base.length} clips of 0-8 in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}, 10 * 60_000);
afterAll(() => spotter?.release());

describe('KeywordSpotter.enrol', () => {
  it('learns a new word from ten recordings and keeps the old ones', async () => {
    expect(enrolment).toHaveLength(10);
    const before = await spotter.evaluate(oldTest);
    const started = performance.now();
    const enrolled = await spotter.enrol('9', enrolment, { seed: 1 });
    const seconds = (performance.now() - started) / 1000;
    expect(enrolled.labels).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    const nine = await enrolled.evaluate(nineTest);
    const after = await enrolled.evaluate(oldTest);
    console.log(
      `enrol: "9" from 10 clips in ${seconds.toFixed(1)} s: recall on its ${nineTest.length} other clips ${nine.accuracy.toFixed(3)}; ` +
        `old digits ${before.accuracy.toFixed(3)} before, ${after.accuracy.toFixed(3)} after`,
    );
    // measured 0.80 here, the lowest of 0.80-0.88 over four enrolment sets; 80 clips, so a standard
    // deviation is about 0.045 and the floor sits three of them under the lowest
    expect(nine.accuracy).toBeGreaterThanOrEqual(0.65);
    expect(after.accuracy).toBeGreaterThanOrEqual(before.accuracy - 0.1);
    // the enrolled spotter is a complete artifact: it loads, and can enrol again
    const reloaded = await KeywordSpotter.load(enrolled.artifact, runtime);
    expect(await reloaded.predict(nineTest.slice(0, 5))).toEqual(await enrolled.predict(nineTest.slice(0, 5)));
    await expect(reloaded.enrol('9', enrolment)).rejects.toThrow('"9" is already a keyword');
    await Promise.all([reloaded.release(), enrolled.release()]);
  });

  it('says what is wrong with an enrolment', async () => {
    await expect(spotter.enrol('', enrolment)).rejects.toThrow('needs a non-empty label');
    await expect(spotter.enrol('nine', enrolment.slice(0, 2))).rejects.toThrow('needs at least 3 recordings (about 10 work well); got 2');
    await expect(spotter.enrol('nine', [{ audio: new Float32Array(10), sampleRate: 8000 }, ...enrolment])).rejects.toThrow('Enrolment clip 0 is 1 ms long');
  });
});
