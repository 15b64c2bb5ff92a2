import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAttune, startServe } from './docs-cli.js';
import { createPlugin } from './index.js';

/**
 * docs/plugins.md is checked here: every ```ts block is written to the file its first line names
 * (`// file: src/model.ts`), the package is type-checked with tsc, and each script under scripts/
 * is bundled with esbuild and run with Node (the scripts assert what they print). The JSON block is
 * the package.json; the shell blocks are run or checked against what they name: the `attune`
 * commands run through the built CLI in a project whose node_modules holds the guide's plugin.
 */
const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = path.resolve(packageDir, '../..');
const guide = readFileSync(path.join(repoRoot, 'docs/plugins.md'), 'utf8');
// inside the workspace, so @attune/*, tfjs and onnxruntime-node resolve from the monorepo's node_modules
const scratch = path.join(packageDir, '.generated', 'docs');
const dir = path.join(scratch, 'guide', 'attune-plugin-trend');
const scaffolds = path.join(scratch, 'scaffold');

interface Block {
  lang: string;
  code: string;
}
const blocks: Block[] = [...guide.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, code: m[2]! }));
const fileOf = (b: Block) => /^\/\/ file: (\S+)\n/.exec(b.code)?.[1];
const tool = (name: string) => path.join(repoRoot, 'node_modules/.bin', name);

describe('docs/plugins.md', () => {
  beforeAll(async () => {
    await rm(scratch, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    for (const block of blocks.filter((b) => b.lang === 'ts')) {
      const file = path.join(dir, fileOf(block)!);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, block.code);
    }
    await writeFile(path.join(dir, 'package.json'), blocks.find((b) => b.lang === 'json')!.code);
    await writeFile(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022'], types: ['node'],
          strict: true, noUncheckedIndexedAccess: true, skipLibCheck: true, isolatedModules: true, noEmit: true,
        },
        include: ['src', 'scripts'],
      }),
    );
  });
  afterAll(() => rm(scratch, { recursive: true, force: true }));

  it('has only ts, json, sh and md blocks, and every ts block names its file', () => {
    expect(new Set(blocks.map((b) => b.lang))).toEqual(new Set(['ts', 'json', 'sh', 'md']));
    const ts = blocks.filter((b) => b.lang === 'ts');
    expect(ts.length).toBeGreaterThanOrEqual(8);
    expect(ts.every((b) => fileOf(b))).toBe(true);
  });

  it('its TypeScript type-checks', async () => {
    const result = await run(tool('tsc'), ['-p', 'tsconfig.json'], { cwd: dir }).then(
      () => '',
      (e: { stdout: string }) => e.stdout,
    );
    expect(result).toBe('');
  });

  const scripts = blocks.map(fileOf).filter((f): f is string => Boolean(f?.startsWith('scripts/') && !['scripts/data.ts', 'scripts/series.ts'].includes(f)));
  it.each(scripts)('%s runs and its assertions hold', async (script) => {
    const outfile = path.join(dir, script.replace(/\.ts$/, '.bundle.mjs'));
    await build({ entryPoints: [path.join(dir, script)], outfile, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'silent' });
    const { stdout } = await run(process.execPath, [outfile], { cwd: dir, maxBuffer: 16 << 20 });
    expect(stdout).toMatch(/trained on onnxruntime|ONNX matches tfjs|mock backend: encodeInputs|conformance checks/);
  });

  it('its package.json is a plugin package the CLI can find', () => {
    const pkg = JSON.parse(blocks.find((b) => b.lang === 'json')!.code);
    expect(pkg.name).toMatch(/^(@[a-z0-9-]+\/)?attune-plugin-[a-z0-9-]+$/);
    const root = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    expect(pkg.devDependencies['@changesets/cli']).toBe(root.devDependencies['@changesets/cli']);
    expect(pkg.devDependencies.tsup).toBe(root.devDependencies.tsup);
    expect(pkg.devDependencies.vitest).toBe(root.devDependencies.vitest);
    const core = JSON.parse(readFileSync(path.join(repoRoot, 'packages/core/package.json'), 'utf8'));
    expect(pkg.dependencies['@attune/core']).toBe(`^${core.version}`);
  });

  it('its shell commands exist: the scaffold runs, scripts and binaries are there', async () => {
    const commands = blocks.filter((b) => b.lang === 'sh').flatMap((b) => b.code.trim().split('\n'));
    const create = commands.find((c) => c.startsWith('npm create attune-plugin@latest'))!;
    // `npm create attune-plugin@latest trend` runs create-attune-plugin's bin with `trend`
    const name = create.split(' ').at(-1)!;
    await mkdir(scaffolds, { recursive: true });
    await run(process.execPath, [path.join(packageDir, 'dist/bin.js'), name], { cwd: scaffolds });
    const generated = JSON.parse(readFileSync(path.join(scaffolds, `attune-plugin-${name}`, 'package.json'), 'utf8'));
    expect(commands).toContain(`cd attune-plugin-${name}`);
    for (const c of commands.filter((c) => c.startsWith('npm run ') || c === 'npm test')) {
      expect(generated.scripts, c).toHaveProperty(c === 'npm test' ? 'test' : c.split(' ')[2]!);
    }
    for (const c of commands.filter((c) => c.startsWith('npx '))) {
      const bin = c.split(' ')[1]!;
      if (bin === 'attune') {
        expect(JSON.parse(readFileSync(path.join(repoRoot, 'packages/cli/package.json'), 'utf8')).bin).toHaveProperty('attune');
      } else expect(existsSync(tool(bin)), c).toBe(true);
    }
  });

  it('its changeset names the package and a bump type', () => {
    const md = blocks.find((b) => b.lang === 'md')!.code;
    const match = /^---\n"([^"]+)": (major|minor|patch)\n---\n\n\S/.exec(md);
    expect(match?.[1]).toBe(JSON.parse(blocks.find((b) => b.lang === 'json')!.code).name);
  });

  it('the scaffold the guide starts from is the one this package builds', async () => {
    const created = await createPlugin({ name: 'guide-check', cwd: scaffolds });
    expect(created.files).toContain('src/plugin.test.ts');
  });
  it('its attune commands run: the CLI lists the plugin, trains it on series.jsonl and serves the artifact', async () => {
    // build the plugin as `npm run build` would (dist/index.js, its package.json's entry point)
    await build({ entryPoints: [path.join(dir, 'src/index.ts')], outfile: path.join(dir, 'dist/index.js'), bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'silent' });
    // a user's project outside the monorepo, with the plugin installed (linked, as `npm install ../attune-plugin-trend` does)
    const project = await mkdtemp(path.join(os.tmpdir(), 'attune-guide-project-'));
    try {
      await mkdir(path.join(project, 'node_modules'));
      await symlink(dir, path.join(project, 'node_modules', 'attune-plugin-trend'), 'dir');
      // series.jsonl comes from the guide's own script, run in the project
      const series = path.join(dir, 'scripts/series.bundle.mjs');
      await build({ entryPoints: [path.join(dir, 'scripts/series.ts')], outfile: series, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'silent' });
      await run(process.execPath, [series], { cwd: project });
      const lines = (await readFile(path.join(project, 'series.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { values: number[]; label: string });
      expect(new Set(lines.map((l) => l.label))).toEqual(new Set(['rising', 'falling']));

      const commands = blocks.filter((b) => b.lang === 'sh').flatMap((b) => b.code.trim().split('\n')).filter((c) => c.startsWith('npx attune '));
      const args = (word: string) => commands.find((c) => c.split(' ')[2] === word)!.split(' ').slice(2);
      expect(commands.map((c) => c.split(' ')[2])).toEqual(['plugins', 'train', 'serve']);
      const bin = path.join(repoRoot, 'packages/cli/dist/bin.js');

      const listed = await runAttune(bin, args('plugins'), project);
      expect(listed.code, listed.output).toBe(0);
      expect(listed.stdout).toMatch(/^trend +trend 0\.1\.0 +attune-plugin-trend /m); // task, plugin id and version, package

      const trained = await runAttune(bin, args('train'), project, 120_000);
      expect(trained.code, trained.output).toBe(0);
      const manifest = JSON.parse(await readFile(path.join(project, 'trend-model', 'manifest.json'), 'utf8'));
      expect(manifest.plugin.id).toBe('trend');
      expect(manifest.preprocessing.labels).toEqual(['falling', 'rising']);

      // one series of each label from the training file: a served model that fits its data gets both right
      const examples = ['rising', 'falling'].map((label) => lines.find((l) => l.label === label)!);
      // port 0: the OS picks a free port, which the server prints
      const served = await startServe(bin, [...args('serve'), '--host', '127.0.0.1', '--port', '0'], project);
      try {
        const response = await fetch(`${served.address}/v1/models/trend-model:predict`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ inputs: examples.map((e) => ({ values: e.values })) }),
        });
        const body = (await response.json()) as { model: string; predictions: Array<{ label: string }> };
        expect(response.status, JSON.stringify(body)).toBe(200);
        expect(body.model).toBe('trend-model');
        expect(body.predictions).toEqual([{ label: 'rising' }, { label: 'falling' }]);
      } finally {
        served.child.kill('SIGTERM');
      }
      const stopped = await served.exited;
      expect(stopped, stopped.output).toMatchObject({ code: 0, signal: null });
    } finally {
      await rm(project, { recursive: true, force: true });
    }
  }, 150_000);
});
