import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlugin, fill, pluginNames, TEMPLATE_VERSIONS } from './index.js';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = path.resolve(packageDir, '../..');
// Inside the workspace so the generated package resolves @attune/*, tsup and vitest from the
// monorepo's node_modules, as it would from its own after `npm install` on a fresh machine.
const scratch = path.join(packageDir, '.generated', 'scaffold');

const readJson = (file: string) => JSON.parse(readFileSync(path.join(repoRoot, file), 'utf8'));

describe('plugin names', () => {
  it('always names the package attune-plugin-* so the CLI can find it', () => {
    expect(pluginNames('vision')).toEqual({ packageName: 'attune-plugin-vision', pluginId: 'vision', folder: 'attune-plugin-vision' });
    expect(pluginNames('attune-plugin-vision').packageName).toBe('attune-plugin-vision');
    expect(pluginNames('@acme/attune-plugin-sensors')).toEqual({
      packageName: '@acme/attune-plugin-sensors',
      pluginId: 'sensors',
      folder: 'attune-plugin-sensors',
    });
    expect(() => pluginNames('My Plugin')).toThrow('"My Plugin" is not a usable plugin name: use lower-case letters');
    expect(() => pluginNames('')).toThrow(TypeError);
  });

  it('fills every placeholder and refuses unknown ones', () => {
    expect(fill('{{a}}-{{b}}', { a: '1', b: '2' })).toBe('1-2');
    expect(() => fill('{{nope}}', {})).toThrow('The template uses {{nope}}');
  });
});

describe('template versions', () => {
  it('match the versions the monorepo builds and tests with', () => {
    const core = readJson('packages/core/package.json');
    const node = readJson('packages/node/package.json');
    const root = readJson('package.json');
    expect(TEMPLATE_VERSIONS.attuneVersion).toBe(core.version);
    expect(TEMPLATE_VERSIONS.attuneVersion).toBe(node.version);
    expect(TEMPLATE_VERSIONS.tfjsVersion).toBe(core.devDependencies['@tensorflow/tfjs-core']);
    expect(TEMPLATE_VERSIONS.onnxruntimeNodeVersion).toBe(node.peerDependencies['onnxruntime-node']);
    expect(TEMPLATE_VERSIONS.changesetsVersion).toBe(root.devDependencies['@changesets/cli']);
    expect(TEMPLATE_VERSIONS.tsupVersion).toBe(root.devDependencies.tsup);
    expect(TEMPLATE_VERSIONS.typescriptVersion).toBe(root.devDependencies.typescript);
    expect(TEMPLATE_VERSIONS.vitestVersion).toBe(root.devDependencies.vitest);
  });
});

describe('npm create attune-plugin', () => {
  beforeAll(async () => {
    await rm(scratch, { recursive: true, force: true });
    await mkdir(scratch, { recursive: true });
  });
  afterAll(() => rm(scratch, { recursive: true, force: true }));

  it('generates a package that builds, type-checks and passes its own tests', async () => {
    const bin = path.join(packageDir, 'dist/bin.js');
    const { stdout } = await run(process.execPath, [bin, 'sensors', '--description', 'sensor series'], { cwd: scratch });
    expect(stdout).toContain('Created attune-plugin-sensors');
    const dir = path.join(scratch, 'attune-plugin-sensors');
    for (const file of ['package.json', 'README.md', '.gitignore', 'src/model.ts', 'src/plugin.ts', 'src/plugin.test.ts', '.changeset/config.json']) {
      expect(existsSync(path.join(dir, file)), file).toBe(true);
    }
    const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8'));
    expect(pkg.name).toBe('attune-plugin-sensors');
    expect(pkg.description).toBe('An Attune plugin: sensor series');
    expect(pkg.dependencies['@attune/core']).toBe(`^${TEMPLATE_VERSIONS.attuneVersion}`);
    expect(await readFile(path.join(dir, 'src/plugin.ts'), 'utf8')).toContain("id: 'sensors'");
    const tool = (name: string) => path.join(repoRoot, 'node_modules/.bin', name);
    await run(tool('tsc'), ['--noEmit', '-p', 'tsconfig.json'], { cwd: dir });
    await run(tool('tsup'), [], { cwd: dir });
    expect(existsSync(path.join(dir, 'dist/index.js')) && existsSync(path.join(dir, 'dist/index.d.ts'))).toBe(true);
    // the built package exports `plugin`, as the CLI's discovery expects
    const built = await import(path.join(dir, 'dist/index.js'));
    expect(built.plugin.id).toBe('sensors');
    const tests = await run(tool('vitest'), ['run', '--reporter=json'], { cwd: dir, maxBuffer: 16 << 20 });
    const report = JSON.parse(tests.stdout.slice(tests.stdout.indexOf('{')));
    expect(report.numFailedTests).toBe(0);
    expect(report.numPassedTests).toBe(3);
  });

  it('refuses to overwrite an existing folder and explains a bad name', async () => {
    await createPlugin({ name: 'twice', cwd: scratch });
    await expect(createPlugin({ name: 'twice', cwd: scratch })).rejects.toThrow('already exists');
    const bin = path.join(packageDir, 'dist/bin.js');
    const failed = await run(process.execPath, [bin, 'Bad Name'], { cwd: scratch }).then(() => undefined, (e: { code: number; stderr: string }) => e);
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain('is not a usable plugin name');
  });
});
