// The README's "Train a tiny model" example must run as written.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const readme = readFileSync(path.resolve(packageRoot, '../../README.md'), 'utf8');

it('the README example trains, checkpoints and resumes', () => {
  const section = readme.slice(readme.indexOf('## Train a tiny model'));
  const code = /```js\n([\s\S]*?)```/.exec(section)?.[1];
  expect(code, 'README has a js block under "Train a tiny model"').toBeTruthy();
  // the script sits in the package so its imports resolve; it runs in a scratch directory
  const script = path.join(packageRoot, '.readme-example.tmp.mjs');
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'attune-readme-'));
  writeFileSync(script, code!);
  try {
    const first = execFileSync(process.execPath, [script], { cwd, encoding: 'utf8' });
    expect(first).toMatch(/\[attune\] tfjs backend: wasm \(SIMD, \d threads?\)/);
    expect(first).toMatch(/epoch 0: loss/);
    const best = Number(/best validation accuracy ([\d.]+)/.exec(first)?.[1]);
    console.log(first);
    expect(best).toBeGreaterThan(0.9);
    // a second run finds the finished run's checkpoint and reports the same result without training
    const second = execFileSync(process.execPath, [script], { cwd, encoding: 'utf8' });
    expect(second).not.toMatch(/epoch 0: loss/);
    expect(second).toContain(`best validation accuracy ${best.toFixed(3)}`);
  } finally {
    rmSync(script, { force: true });
    rmSync(cwd, { recursive: true, force: true });
  }
});

it('the README plugin example trains, saves, loads and predicts', () => {
  const section = readme.slice(readme.indexOf('## Plugins'));
  const code = /```js\n([\s\S]*?)```/.exec(section)?.[1];
  expect(code, 'README has a js block under "Plugins"').toBeTruthy();
  const script = path.join(packageRoot, '.readme-plugin.tmp.mjs');
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'attune-readme-'));
  writeFileSync(script, code!);
  try {
    const out = execFileSync(process.execPath, [script], { cwd, encoding: 'utf8' });
    console.log(out);
    expect(Number(/accuracy: ([\d.]+)/.exec(out)?.[1])).toBeGreaterThan(0.9);
    expect(Number(/macroF1: ([\d.]+)/.exec(out)?.[1])).toBeGreaterThan(0.9);
    expect([...out.matchAll(/label: '([a-z-]+)'/g)].map((m) => m[1])).toEqual(['cat-first', 'dog-first']);
  } finally {
    rmSync(script, { force: true });
    rmSync(cwd, { recursive: true, force: true });
  }
});
