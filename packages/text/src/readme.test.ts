// The README's classifier examples must run as written (against the built package, as a user would).
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const readme = readFileSync(path.join(packageRoot, 'README.md'), 'utf8');
const blocks = [...readme.slice(readme.indexOf('## Classifier'), readme.indexOf('### Quality')).matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]!);

function run(code: string, name: string): string {
  // the script sits in the package so `@attune/*` imports resolve
  const script = path.join(packageRoot, `.readme-${name}.tmp.mjs`);
  writeFileSync(script, code);
  try {
    return execFileSync(process.execPath, [script], { cwd: packageRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } finally {
    rmSync(script, { force: true });
  }
}

it('the README classifier example trains, evaluates, predicts, saves and loads', () => {
  expect(blocks).toHaveLength(2);
  const out = run(blocks[0]!, 'classifier');
  console.log(out);
  expect(Number(/accuracy: ([\d.]+)/.exec(out)?.[1])).toBeGreaterThan(0.9);
  expect(out).toMatch(/^card_arrival 0\.\d+ false$/m);
  expect(out.trim().split('\n').at(-1)).toBe('card_arrival');
});

it('the README multi-label example predicts both labels of a text', () => {
  const out = run(blocks[1]!, 'multi-label');
  console.log(out);
  expect(Number(/microF1: ([\d.]+)/.exec(out)?.[1])).toBeGreaterThan(0.9);
  expect(out).toMatch(/\[ 'delivery', 'login' \]|\[ 'login', 'delivery' \]/);
});
