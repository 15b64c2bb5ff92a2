import { evaluate } from '@attune/core';
import type { CommandContext } from '../context.js';
import { dataOptionsOf, type DataFlags } from '../options.js';
import { openArtifact, rebuildTrained } from './load.js';

export interface EvalOptions extends DataFlags {
  data: string;
  batchSize: number;
}

/** `attune eval <artifact> --data <file>`: the plugin's metrics and loss on labelled held-out data. */
export async function evalCommand(artifactDir: string, options: EvalOptions, ctx: CommandContext): Promise<void> {
  const { artifact, adapter, dir } = await openArtifact(artifactDir, ctx.registry, ctx.cwd);
  const examples = await adapter.readExamples(options.data, dataOptionsOf(options));
  const trained = await rebuildTrained(adapter, artifact, ctx.runtime());
  const task = ctx.reporter.task('eval', examples.length);
  const metrics = await evaluate(adapter.plugin, trained, examples, options.batchSize);
  task.tick(examples.length);
  task.done();
  trained.engine.dispose();
  ctx.reporter.result(
    { artifact: dir, examples: examples.length, metrics },
    `${examples.length} examples from ${options.data}\n${Object.entries(metrics).map(([k, v]) => `${k}: ${v.toFixed(4)}`).join('\n')}`,
  );
}
