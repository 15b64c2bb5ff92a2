import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { setupTfjs } from './setup-tfjs.js';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Runs a snippet against the built package in a fresh process (a backend initialises once per process). */
function runFresh(code: string): string {
  return execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: packageRoot, encoding: 'utf8' });
}

describe('setupTfjs', () => {
  it('chooses the wasm backend, says so, and registers gradients', async () => {
    const lines: string[] = [];
    const setup = await setupTfjs({ log: (l) => lines.push(l) });
    expect(setup.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(setup.threads).toBeGreaterThanOrEqual(1);
    expect(lines).toEqual([`[attune] tfjs backend: wasm (SIMD, ${setup.threads} thread${setup.threads === 1 ? '' : 's'})`]);
    const g = tf.grad((x: tf.Tensor) => tf.mean(tf.square(x)))(tf.tensor1d([1, 2]));
    expect(Array.from(g.dataSync())).toEqual([1, 2]);
    // idempotent: the second call returns the first result and prints nothing
    expect(await setupTfjs({ log: (l) => lines.push(l) })).toBe(setup);
    expect(lines).toHaveLength(1);
  });

  it('threads give the same numbers as one thread (fresh processes)', () => {
    const snippet = (threads: number) => `
      import * as tf from '@tensorflow/tfjs-core';
      import { setupTfjs } from '@attune/node';
      const s = await setupTfjs({ threads: ${threads}, log: false });
      const a = tf.div(tf.reshape(tf.range(0, 256 * 256), [256, 256]), 65536);
      console.log(JSON.stringify({ threads: s.threads, sum: Array.from(tf.matMul(a, a).dataSync()).reduce((x, y) => x + y, 0) }));`;
    const one = JSON.parse(runFresh(snippet(1)));
    const two = JSON.parse(runFresh(snippet(2)));
    expect(one.threads).toBe(1);
    expect(two.threads).toBe(2);
    expect(two.sum).toBe(one.sum);
  });

  it('can be told to use the pure-JS cpu backend', () => {
    const out = runFresh(`
      import * as tf from '@tensorflow/tfjs-core';
      import { setupTfjs } from '@attune/node';
      await setupTfjs({ backend: 'cpu' });
      console.log('active', tf.getBackend());`);
    expect(out).toContain('[attune] tfjs backend: cpu (pure JavaScript; far slower than wasm)');
    expect(out).toContain('active cpu');
  });
});
