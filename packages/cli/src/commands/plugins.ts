import type { CommandContext } from '../context.js';

/** `attune plugins`: every task the command line knows, and discovered packages it could not use. */
export async function pluginsCommand(ctx: CommandContext): Promise<void> {
  const { adapters, problems } = ctx.registry;
  const rows = adapters.map((a) => ({ task: a.task, plugin: a.plugin.id, version: a.plugin.version, source: a.source ?? 'built-in', description: a.description, data: a.dataHelp }));
  ctx.reporter.result(
    { plugins: rows, problems },
    [
      ...rows.map((r) => `${r.task.padEnd(10)} ${`${r.plugin} ${r.version}`.padEnd(28)} ${r.source.padEnd(24)} ${r.description}`),
      ...problems.map((p) => `! ${p.packageName} (${p.directory}) was not loaded: ${p.reason}`),
    ].join('\n'),
  );
}
