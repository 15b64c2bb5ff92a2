import { InputError } from '@attune/core';
import type { CliAdapter } from './adapter.js';
import { discoverPlugins, type PluginProblem } from './discover.js';
import { speechAdapter } from './speech.js';
import { textAdapter } from './text.js';
import { builtInRecommend } from './recommend.js';

/** Every plugin the command line knows: the built-in ones, then discovered packages. */
export interface Registry {
  adapters: readonly CliAdapter[];
  problems: readonly PluginProblem[];
  /** The adapter for a task name or plugin id; an InputError listing the known ones otherwise. */
  byTask(task: string): CliAdapter;
  /** The adapter whose plugin made an artifact (manifest.plugin.id). */
  byPluginId(id: string): CliAdapter;
}

/** Built-in plugins, imported explicitly (no registration by side effect). */
export function builtInAdapters(): CliAdapter[] {
  return [textAdapter as CliAdapter, speechAdapter as CliAdapter, ...builtInRecommend()];
}

export async function loadRegistry(cwd = process.cwd()): Promise<Registry> {
  const builtIns = builtInAdapters();
  const { adapters: found, problems } = await discoverPlugins(cwd);
  const adapters = [...builtIns];
  const extraProblems: PluginProblem[] = [];
  for (const adapter of found) {
    const clash = adapters.find((a) => a.task === adapter.task || a.plugin.id === adapter.plugin.id);
    if (clash) {
      extraProblems.push({ packageName: adapter.source ?? '?', directory: '', reason: `its task "${adapter.task}" or plugin id "${adapter.plugin.id}" is already taken by ${clash.source}` });
    } else adapters.push(adapter);
  }
  return registryOf(adapters, [...problems, ...extraProblems]);
}

export function registryOf(adapters: CliAdapter[], problems: PluginProblem[] = []): Registry {
  const known = () => adapters.map((a) => `${a.task} (${a.plugin.id})`).join(', ');
  return {
    adapters,
    problems,
    byTask(task) {
      const adapter = adapters.find((a) => a.task === task || a.plugin.id === task);
      if (!adapter) throw new InputError(`Unknown task "${task}"; known: ${known()}. Third-party plugins are packages named attune-plugin-*.`);
      return adapter;
    },
    byPluginId(id) {
      const adapter = adapters.find((a) => a.plugin.id === id);
      if (!adapter) throw new InputError(`This artifact was made by plugin "${id}", which is not installed; known: ${known()}.`);
      return adapter;
    },
  };
}
