import type { CommandContext } from '../context.js';
import { createServer } from '../serve/server.js';

export interface ServeCommandOptions {
  host: string;
  port: number;
  maxBatch: number;
  maxDelay: number;
  bodyLimit: number;
  maxInputs: number;
  watch: boolean;
}

/** `attune serve <artifact...>`: serves until SIGTERM or SIGINT, then finishes requests in flight and exits 0. */
export async function serveCommand(artifacts: string[], options: ServeCommandOptions, ctx: CommandContext): Promise<void> {
  const server = await createServer({
    artifacts,
    registry: ctx.registry,
    runtime: ctx.runtime(),
    maxBatch: options.maxBatch,
    maxDelayMs: options.maxDelay,
    bodyLimit: options.bodyLimit,
    maxInputs: options.maxInputs,
    watch: options.watch,
    log: (message, data) => ctx.reporter.info(message, data),
  });
  const address = await server.app.listen({ host: options.host, port: options.port });
  const routes = [...server.models.keys()].map((n) => `POST ${address}/v1/models/${n}:predict`);
  ctx.reporter.info(`listening on ${address}`, { address, models: [...server.models.keys()] });
  for (const r of routes) ctx.reporter.info(`  ${r}`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      ctx.reporter.info(`${signal}: finishing requests in flight, then stopping`);
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onInt);
      void server.close().then(resolve);
    };
    const onTerm = () => stop('SIGTERM');
    const onInt = () => stop('SIGINT');
    process.on('SIGTERM', onTerm);
    process.on('SIGINT', onInt);
  });
  ctx.reporter.info('stopped');
}
