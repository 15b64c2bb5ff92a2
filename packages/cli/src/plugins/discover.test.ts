// Third-party plugins by convention: packages named attune-plugin-* or @scope/attune-plugin-* in
// node_modules, found from the working directory, trained and used through the binary.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonLines, PACKAGE_ROOT, runCli, tempDir } from '../test-support/run-cli.js';
import { discoverPlugins } from './discover.js';

/** A project folder whose node_modules holds @attune/core (linked) and the given packages. */
function project(packages: Record<string, { main?: string; code?: string; pkg?: object }>): string {
  const root = tempDir('attune-plugins-');
  const modules = path.join(root, 'node_modules');
  mkdirSync(path.join(modules, '@attune'), { recursive: true });
  symlinkSync(path.resolve(PACKAGE_ROOT, '../core'), path.join(modules, '@attune/core'), 'dir');
  for (const [name, { main = 'index.js', code, pkg = {} }] of Object.entries(packages)) {
    const dir = path.join(modules, ...name.split('/'));
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', type: 'module', main, ...pkg }));
    if (code !== undefined) writeFileSync(path.join(dir, main), code);
  }
  return root;
}

const TOY = `import { toyPlugin } from '@attune/core/testing';
export const plugin = toyPlugin;
export const cli = {
  task: 'toy',
  description: 'which comes first, cat or dog',
  inputOf: (example) => example.tokens,
};
`;

describe('plugin discovery', () => {
  it('finds plain and scoped plugin packages, reports broken ones, ignores other names', async () => {
    const root = project({
      'attune-plugin-toy': { code: TOY },
      '@acme/attune-plugin-broken': { code: 'export const notAPlugin = 1;\n' },
      '@acme/attune-plugin-unbuilt': { main: 'dist/index.js' },
      'attune-plugins-typo': { code: TOY },
      'other-package': { code: TOY },
    });
    const { adapters, problems } = await discoverPlugins(path.join(root, 'sub/dir')); // searched upwards
    expect(adapters.map((a) => [a.task, a.plugin.id, a.source])).toEqual([['toy', 'toy-sequence-classifier', 'attune-plugin-toy']]);
    expect(problems.map((p) => [p.packageName, p.reason])).toEqual([
      ['@acme/attune-plugin-broken', 'it does not export `plugin`, a definePlugin(...) result'],
      ['@acme/attune-plugin-unbuilt', 'its entry point dist/index.js does not exist (is the package built?)'],
    ]);
  });

  it('a discovered plugin trains, predicts and is listed by `attune plugins`', async () => {
    const root = project({ 'attune-plugin-toy': { code: TOY }, '@acme/attune-plugin-broken': { code: 'export default 42;\n' } });
    const listed = await runCli(['plugins', '--json'], { cwd: root });
    expect(listed.code).toBe(0);
    const result = jsonLines(listed.stdout).at(-1) as { plugins: Array<{ task: string; source: string }>; problems: Array<{ packageName: string }> };
    expect(result.plugins.map((p) => p.task)).toEqual(['text', 'speech', 'recommend', 'toy']);
    expect(result.plugins.at(-1)!.source).toBe('attune-plugin-toy');
    expect(result.problems.map((p) => p.packageName)).toEqual(['@acme/attune-plugin-broken']);

    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) >> 8) % n;
    const fillers = ['red', 'sun', 'moon', 'tree', 'sky'];
    const lines = Array.from({ length: 1100 }, () => {
      const tokens = Array.from({ length: 4 + rand(4) }, () => fillers[rand(fillers.length)]!);
      const cat = rand(tokens.length);
      const dog = (cat + 1 + rand(tokens.length - 1)) % tokens.length;
      tokens[cat] = 'cat';
      tokens[dog] = 'dog';
      return JSON.stringify({ tokens, label: cat < dog ? 'cat-first' : 'dog-first' });
    });
    writeFileSync(path.join(root, 'toy.jsonl'), `${lines.join('\n')}\n`);
    const trained = await runCli(['train', 'toy', '--data', 'toy.jsonl', '--out', 'models/toy', '--epochs', '8', '--seed', '1', '--lr', '3e-3'], { cwd: root });
    expect(trained.code, trained.stderr).toBe(0);
    expect(Number(/accuracy ([\d.]+)/.exec(trained.stdout)?.[1])).toBeGreaterThan(0.9);
    const predicted = await runCli(['predict', 'models/toy'], { cwd: root, input: '["red","cat","sky","dog"]\n["dog","sun","cat"]\n' });
    expect(predicted.code, predicted.stderr).toBe(0);
    expect(jsonLines(predicted.stdout).map((p) => p['label'])).toEqual(['cat-first', 'dog-first']);
    const wrong = await runCli(['train', 'toy', '--data', 'toy.csv', '--out', 'x'], { cwd: root });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('this plugin reads .jsonl files');
  });
});
