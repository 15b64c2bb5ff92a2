// The README's keyword-spotting example must run as written (against the built package, as a user would).
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const readme = readFileSync(path.join(packageRoot, 'README.md'), 'utf8');
const block = /## Keyword spotting\n\n```js\n([\s\S]*?)```/.exec(readme)?.[1];

it('the README keyword-spotting example trains, evaluates, predicts, saves, loads and detects', () => {
  expect(block).toBeDefined();
  // the script sits in the package so `@attune/*` imports resolve
  const script = path.join(packageRoot, '.readme-kws.tmp.mjs');
  writeFileSync(script, block!);
  let out: string;
  try {
    out = execFileSync(process.execPath, [script], { cwd: packageRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  } finally {
    rmSync(script, { force: true });
  }
  console.log(out);
  expect(Number(/accuracy: ([\d.]+)/.exec(out)?.[1])).toBeGreaterThan(0.8);
  expect(out).toMatch(/^\d 0\.\d\d (true|false)$/m);
  const said = /said (\d) (\d)/.exec(out)!.slice(1);
  const heard = [...out.matchAll(/heard (\d) at ([\d.]+) s/g)].map((m) => m[1]);
  expect(heard).toEqual(said);
}, 10 * 60_000);
