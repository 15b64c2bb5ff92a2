import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerMetrics } from './metrics.js';

/**
 * The route label of a request: its route pattern (bounded, no user data), or `unmatched` (404s).
 * Fastify spells a literal colon `::` in patterns; the label shows the URL users call (`name:predict`).
 */
export const routeOf = (request: FastifyRequest): string => request.routeOptions?.url?.replaceAll('::', ':') ?? 'unmatched';

/** The model a predict route serves (routes carry it in their config). */
export const modelOf = (request: FastifyRequest): string | undefined => (request.routeOptions.config as { model?: string } | undefined)?.model;

const started = new WeakMap<FastifyRequest, number>();

/**
 * Counts every response by route and status in the onResponse hook, which fastify runs for every
 * reply: handlers', the error handler's (bad JSON, 413, 415), hooks' refusals (401, 403) and 404s.
 * Predict routes also get their per-model counters and latency here, so a request refused before
 * its handler ran is counted too. With `requestLog`, one line per request: method, route, status,
 * milliseconds and request id.
 */
export function observeResponses(
  app: FastifyInstance,
  metrics: ServerMetrics,
  log: (message: string, data?: Record<string, unknown>) => void,
  requestLog: boolean,
): (request: FastifyRequest, reply: FastifyReply) => void {
  app.addHook('onRequest', async (request) => void started.set(request, performance.now()));
  const record = (request: FastifyRequest, reply: FastifyReply) => {
    const ms = performance.now() - (started.get(request) ?? performance.now());
    const route = routeOf(request);
    const code = String(reply.statusCode);
    metrics.http.inc({ route, code });
    const model = modelOf(request);
    if (model !== undefined) {
      metrics.requests.inc({ model, code });
      if (reply.statusCode >= 400) metrics.errors.inc({ model, kind: reply.statusCode >= 500 ? 'internal' : 'input' });
      metrics.latency.observe({ model }, ms / 1000);
    }
    if (requestLog) {
      const rounded = Math.round(ms * 10) / 10;
      log(`${request.method} ${route} ${code} ${rounded}ms ${request.id}`, { method: request.method, route, status: reply.statusCode, ms: rounded, requestId: request.id });
    }
  };
  app.addHook('onResponse', async (request, reply) => record(request, reply));
  // for replies that skip the hooks (fastify's refusals before routing, such as a URL that does not decode)
  return record;
}
