import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { AttuneError, InputError, type Runtime } from '@attune/core';
import type { Registry } from '../plugins/registry.js';
import { serverMetrics, type ServerMetrics } from './metrics.js';
import { ModelSlot } from './model-slot.js';

export interface ServeOptions {
  /** Artifact directories, each `path` or `name=path` (the name defaults to the directory's name). */
  artifacts: string[];
  registry: Registry;
  runtime: Runtime;
  /** Most inputs in one runtime call. Default 32. */
  maxBatch?: number;
  /** Longest wait for a batch to fill (ms). Default 2. */
  maxDelayMs?: number;
  /** Largest request body (bytes). Default 1 MiB. */
  bodyLimit?: number;
  /** Most inputs in one request. Default 256. */
  maxInputs?: number;
  /**
   * On close, keep answering until no request has arrived for this long (ms), so requests already
   * on the wire when SIGTERM came are answered rather than reset. Default 250.
   */
  drainQuietMs?: number;
  /** Longest the drain may take before the server closes anyway (ms). Default 10000. */
  drainTimeoutMs?: number;
  /** Reload artifacts replaced on disk. Default true. */
  watch?: boolean;
  log?: (message: string, data?: Record<string, unknown>) => void;
}

export interface AttuneServer {
  app: FastifyInstance;
  models: Map<string, ModelSlot>;
  metrics: ServerMetrics;
  /** Stops accepting requests, answers those in flight, releases the models. */
  close(): Promise<void>;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Splits `name=path` (a name is letters, digits, `.`, `_`, `-`). */
export function parseModelArg(arg: string): { name: string; dir: string } {
  const at = arg.indexOf('=');
  const name = at > 0 ? arg.slice(0, at) : path.basename(path.resolve(arg));
  const dir = at > 0 ? arg.slice(at + 1) : arg;
  if (!NAME.test(name)) throw new InputError(`Model name "${name}" must be letters, digits, ".", "_" or "-"; name it with name=path.`);
  return { name, dir };
}

/**
 * The model server: `POST /v1/models/<name>:predict` with `{"inputs": [...]}` per model, micro-batched
 * into one runtime call; `GET /v1/models`, `/healthz`, `/metrics` (Prometheus text).
 */
export async function createServer(options: ServeOptions): Promise<AttuneServer> {
  const log = options.log ?? ((m: string) => process.stderr.write(`[attune serve] ${m}\n`));
  const metrics = serverMetrics();
  const maxBatch = options.maxBatch ?? 32;
  const maxInputs = options.maxInputs ?? 256;
  const models = new Map<string, ModelSlot>();
  try {
    for (const arg of options.artifacts) {
      const { name, dir } = parseModelArg(arg);
      if (models.has(name)) throw new InputError(`Two models are named "${name}"; name them with name=path.`);
      const slot = await ModelSlot.open({
        name, dir: path.resolve(dir), registry: options.registry, runtime: options.runtime, metrics, log,
        batch: { maxBatch, maxDelayMs: options.maxDelayMs ?? 2 },
        ...(options.watch !== undefined ? { watch: options.watch } : {}),
      });
      models.set(name, slot);
    }
  } catch (error) {
    for (const slot of models.values()) await slot.close();
    throw error;
  }

  const app = Fastify({ bodyLimit: options.bodyLimit ?? 1024 * 1024, logger: false, forceCloseConnections: 'idle', return503OnClosing: true });
  let draining = false;
  const open = new Set<object>(); // requests received and not yet answered or aborted
  let lastArrival = 0;
  app.addHook('onRequest', async (request) => {
    open.add(request);
    lastArrival = performance.now();
  });
  app.addHook('onResponse', async (request) => void open.delete(request));
  app.addHook('onRequestAbort', async (request) => void open.delete(request));
  // while draining, ask clients to reconnect (to another instance) after this response
  app.addHook('onSend', async (_request, reply) => {
    if (draining) void reply.header('connection', 'close');
  });

  app.setErrorHandler((error, _request, reply) => {
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    // fastify's own refusals (body too large, bad JSON, wrong content type) are client errors
    void reply.status(status).send({ error: { code: (error as { code?: string }).code ?? 'INTERNAL', message: (error as Error).message } });
  });

  app.get('/healthz', async (_request, reply) => {
    const body = { status: draining ? 'draining' : 'ok', models: Object.fromEntries([...models].map(([n, s]) => [n, { generation: s.generation }])) };
    return reply.status(draining ? 503 : 200).send(body);
  });
  app.get('/metrics', async (_request, reply) => reply.type('text/plain; version=0.0.4; charset=utf-8').send(metrics.render()));
  app.get('/v1/models', async () => ({
    models: [...models].map(([name, slot]) => ({ name, plugin: slot.artifact.manifest.plugin, generation: slot.generation, metrics: slot.artifact.manifest.metrics })),
  }));

  for (const [name, slot] of models) {
    app.get(`/v1/models/${name}`, async () => ({ name, plugin: slot.artifact.manifest.plugin, model: slot.artifact.manifest.model.kind, generation: slot.generation, metrics: slot.artifact.manifest.metrics }));
    // `::` is a literal colon in fastify's router: POST /v1/models/<name>:predict
    app.post(`/v1/models/${name}::predict`, async (request, reply) => {
      const started = performance.now();
      metrics.inflight.inc({}, 1);
      let status = 200;
      try {
        const inputs = await readInputs(request.body, maxInputs, (v) => slot.adapter.fromJson ? slot.adapter.fromJson(v) : v);
        const { predictions, generation } = await slot.predict(inputs);
        const toJson = slot.adapter.toJson ?? ((p: unknown) => p);
        return await reply.send({ model: name, generation, predictions: predictions.map(toJson) });
      } catch (error) {
        const input = AttuneError.isInstance(error) && error.code !== 'BACKEND_UNAVAILABLE';
        status = input ? 400 : 500;
        metrics.errors.inc({ model: name, kind: input ? 'input' : 'internal' });
        if (!input) log(`model ${name}: ${(error as Error).stack ?? String(error)}`);
        return reply.status(status).send({ error: { code: input ? (error as AttuneError).code : 'INTERNAL', message: (error as Error).message } });
      } finally {
        metrics.inflight.inc({}, -1);
        metrics.requests.inc({ model: name, code: String(status) });
        metrics.latency.observe({ model: name }, (performance.now() - started) / 1000);
      }
    });
  }

  let closing: Promise<void> | undefined;
  return {
    app,
    models,
    metrics,
    close: () =>
      (closing ??= (async () => {
        draining = true;
        // requests already sent may not have been read yet: answer until the line is quiet
        const quiet = options.drainQuietMs ?? 250;
        const drainStart = performance.now();
        const until = drainStart + (options.drainTimeoutMs ?? 10_000);
        const quietFor = () => performance.now() - Math.max(lastArrival, drainStart);
        while (performance.now() < until && (open.size > 0 || quietFor() < quiet)) await new Promise((r) => setTimeout(r, 10));
        await app.close(); // stops accepting; waits for requests in flight
        for (const slot of models.values()) await slot.close();
      })()),
  };
}

async function readInputs(body: unknown, maxInputs: number, fromJson: (value: unknown) => unknown): Promise<unknown[]> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InputError('The request body must be a JSON object: {"inputs": [...]} or {"input": ...}.');
  }
  const { inputs, input } = body as { inputs?: unknown; input?: unknown };
  const list = inputs !== undefined ? inputs : input !== undefined ? [input] : undefined;
  if (!Array.isArray(list) || list.length === 0) throw new InputError('"inputs" must be a non-empty array (or give one "input").');
  if (list.length > maxInputs) throw new InputError(`A request may hold at most ${maxInputs} inputs; got ${list.length}. Split it.`);
  const parsed: unknown[] = [];
  for (const [i, value] of list.entries()) {
    try {
      parsed.push(await fromJson(value));
    } catch (error) {
      if (AttuneError.isInstance(error)) throw new InputError(`inputs[${i}]: ${error.message}`);
      throw error;
    }
  }
  return parsed;
}
