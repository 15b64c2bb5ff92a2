import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError } from '@attune/core';
import { parseJsonText, type AnyPlugin, type CliAdapter, type DataOptions } from './adapter.js';
import { parseTable, formatOf } from '../data/table.js';
import { readTextFile } from '../data/text-file.js';

/** `attune-plugin-<name>` or `@<scope>/attune-plugin-<name>`. */
export const PLUGIN_PACKAGE = /^(?:@[a-z0-9][a-z0-9._-]*\/)?attune-plugin-([a-z0-9][a-z0-9._-]*)$/;

/** A package that looked like a plugin but could not be used, and why (shown by `attune plugins`). */
export interface PluginProblem {
  packageName: string;
  directory: string;
  reason: string;
}

export interface Discovery {
  adapters: CliAdapter[];
  problems: PluginProblem[];
}

/**
 * Finds plugin packages in every `node_modules` from `cwd` up to the file-system root (Node's own
 * lookup order: the nearest one wins for a name found twice) and imports each one's entry point.
 * Nothing runs at discovery but the package's own module code, the same as any `import`.
 */
export async function discoverPlugins(cwd: string): Promise<Discovery> {
  const found = new Map<string, string>(); // package name -> directory
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const modules = path.join(dir, 'node_modules');
    for (const name of await packagesIn(modules)) if (!found.has(name)) found.set(name, path.join(modules, ...name.split('/')));
    if (path.dirname(dir) === dir) break;
  }
  const adapters: CliAdapter[] = [];
  const problems: PluginProblem[] = [];
  for (const [packageName, directory] of [...found].sort(([a], [b]) => (a < b ? -1 : 1))) {
    try {
      const entry = await entryPoint(directory);
      const mod = (await import(pathToFileURL(entry).href)) as Record<string, unknown>;
      adapters.push(adapterFromModule(mod, packageName));
    } catch (error) {
      problems.push({ packageName, directory, reason: (error as Error).message });
    }
  }
  return { adapters, problems };
}

async function packagesIn(modules: string): Promise<string[]> {
  if (!existsSync(modules)) return [];
  const names: string[] = [];
  for (const entry of await readdir(modules)) {
    if (entry.startsWith('@')) {
      const scoped = await readdir(path.join(modules, entry)).catch(() => [] as string[]);
      for (const inner of scoped) if (PLUGIN_PACKAGE.test(`${entry}/${inner}`)) names.push(`${entry}/${inner}`);
    } else if (PLUGIN_PACKAGE.test(entry)) names.push(entry);
  }
  return names;
}

/** The file `import(packageName)` would load: `exports["."]` (import/default), then `module`, then `main`. */
async function entryPoint(directory: string): Promise<string> {
  const pkg = JSON.parse(await readFile(path.join(directory, 'package.json'), 'utf8')) as {
    exports?: unknown;
    module?: string;
    main?: string;
  };
  const pick = (value: unknown): string | undefined => {
    if (typeof value === 'string') return value;
    if (typeof value !== 'object' || value === null) return undefined;
    const v = value as Record<string, unknown>;
    return pick(v['.']) ?? pick(v['import']) ?? pick(v['node']) ?? pick(v['default']);
  };
  const relative = pick(pkg.exports) ?? pkg.module ?? pkg.main ?? 'index.js';
  const file = path.resolve(directory, relative);
  if (!file.startsWith(directory + path.sep)) throw new Error(`its entry point ${relative} is outside the package`);
  if (!existsSync(file)) throw new Error(`its entry point ${relative} does not exist (is the package built?)`);
  return file;
}

/** Checks the module's exports against the contract in README "Plugin packages". */
export function adapterFromModule(mod: Record<string, unknown>, packageName: string): CliAdapter {
  const plugin = (mod['plugin'] ?? (mod['default'] as Record<string, unknown> | undefined)?.['plugin']) as AnyPlugin | undefined;
  const looksLikePlugin =
    typeof plugin === 'object' && plugin !== null && typeof plugin.id === 'string' && typeof plugin.version === 'string' &&
    typeof plugin.modelKind === 'string' &&
    ['prepare', 'encode', 'buildModel', 'metrics', 'encodeInputs', 'decode'].every((f) => typeof (plugin as unknown as Record<string, unknown>)[f] === 'function');
  if (!looksLikePlugin) throw new Error('it does not export `plugin`, a definePlugin(...) result');
  const cli = (mod['cli'] ?? {}) as Partial<CliAdapter>;
  if (typeof cli !== 'object') throw new Error('its `cli` export must be an object');
  for (const key of ['readExamples', 'parseInput', 'inputOf', 'fromJson', 'toJson'] as const) {
    if (cli[key] !== undefined && typeof cli[key] !== 'function') throw new Error(`cli.${key} must be a function`);
  }
  const task = cli.task ?? PLUGIN_PACKAGE.exec(packageName)![1]!;
  const fromJson = cli.fromJson ?? ((value: unknown) => value);
  return {
    task,
    description: cli.description ?? `${plugin.id} ${plugin.version} (${packageName})`,
    plugin,
    dataHelp: cli.dataHelp ?? 'a .jsonl file with one example object per line',
    readExamples: cli.readExamples ?? readJsonExamples,
    parseInput: cli.parseInput ?? ((line) => fromJson(parseJsonText(line, 'An input line'))),
    fromJson,
    inputOf: cli.inputOf ?? ((example) => (example as { input?: unknown }).input ?? example),
    ...(cli.toJson ? { toJson: cli.toJson } : {}),
    ...(cli.trainDefaults ? { trainDefaults: cli.trainDefaults } : {}),
    source: packageName,
  };
}

/** The default reader: one JSON object per line, each an example exactly as the plugin takes it. */
async function readJsonExamples(file: string, options: DataOptions): Promise<unknown[]> {
  if (formatOf(file) !== 'jsonl') throw new InputError(`${file}: this plugin reads .jsonl files (one example object per line).`);
  const text = await readTextFile(file, options['encoding']);
  parseTable(text, 'jsonl', file); // line-numbered errors for lines that are not JSON objects
  return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as unknown);
}
