import type { CommandContext } from '../context.js';
import { readServeToken } from '../serve/token.js';
import { createServer } from '../serve/server.js';

export interface ServeCommandOptions {
  host: string;
  port: number;
  maxBatch: number;
  maxDelay: number;
  bodyLimit: number;
  maxInputs: number;
  watch: boolean;
  tokenFile?: string;
  allowedHost: string[];
  maxConnections: number;
  requestTimeout: number;
  drainTimeout: number;
  requestLog: boolean;
}

/** `attune serve <artifact...>`: serves until SIGTERM, SIGINT or SIGHUP, then finishes requests in flight and exits 0. */
export async function serveCommand(artifacts: string[], options: ServeCommandOptions, ctx: CommandContext): Promise<void> {
  // read before the models load, so a missing token file is reported at once
  const token = await readServeToken(options.tokenFile, process.env);
  const server = await createServer({
    artifacts,
    registry: ctx.registry,
    runtime: ctx.runtime(),
    maxBatch: options.maxBatch,
    maxDelayMs: options.maxDelay,
    bodyLimit: options.bodyLimit,
    maxInputs: options.maxInputs,
    watch: options.watch,
    ...(token !== undefined ? { token } : {}),
    allowedHosts: options.allowedHost,
    maxConnections: options.maxConnections,
    requestTimeoutMs: options.requestTimeout,
    drainTimeoutMs: options.drainTimeout,
    requestLog: options.requestLog,
    log: (message, data) => ctx.reporter.info(message, data),
  });
  let address: string;
  try {
    address = await server.listen(options.host, options.port);
  } catch (error) {
    // release the models and the artifact watchers, or they would keep the process alive
    await server.close();
    throw error;
  }
  const routes = [...server.models.keys()].map((n) => `POST ${address}/v1/models/${n}:predict`);
  ctx.reporter.info(`listening on ${address}`, { address, models: [...server.models.keys()], auth: token !== undefined ? 'bearer' : 'none' });
  for (const r of routes) ctx.reporter.info(`  ${r}`);
  await new Promise<void>((resolve) => {
    // SIGHUP too (the terminal or SSH session closed): its default would drop requests in flight.
    // A second signal gets the default action, so a second Ctrl-C still stops at once.
    const signals = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;
    const handlers = signals.map((signal) => [signal, () => stop(signal)] as const);
    const stop = (signal: string) => {
      ctx.reporter.info(`${signal}: finishing requests in flight, then stopping`);
      for (const [s, handler] of handlers) process.off(s, handler);
      void server.close().then(resolve);
    };
    for (const [s, handler] of handlers) process.on(s, handler);
  });
  ctx.reporter.info('stopped');
}
