// The run queue that onnxruntime-web's sessions and training engines share: one run at a time, in
// the order asked, and a failed run does not hold up the next.
import { describe, expect, it } from 'vitest';
import { createRunQueue, enqueueRun } from './ort-session.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('enqueueRun', () => {
  it('starts each run after the previous one settles, in order', async () => {
    const queue = createRunQueue();
    const events: string[] = [];
    let inFlight = 0;
    const run = (name: string) => async () => {
      inFlight += 1;
      expect(inFlight).toBe(1);
      events.push(`start ${name}`);
      await tick();
      events.push(`end ${name}`);
      inFlight -= 1;
      return name;
    };
    const results = await Promise.all(['a', 'b', 'c'].map((n) => enqueueRun(queue, run(n))));
    expect(results).toEqual(['a', 'b', 'c']);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('passes a failure to its caller only; the next run still goes', async () => {
    const queue = createRunQueue();
    const failed = enqueueRun(queue, async () => {
      throw new Error('Session already started');
    });
    const next = enqueueRun(queue, async () => 42);
    await expect(failed).rejects.toThrow('Session already started');
    await expect(next).resolves.toBe(42);
  });
});
