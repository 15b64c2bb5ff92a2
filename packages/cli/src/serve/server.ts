import { randomUUID } from 'node:crypto';
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { AttuneError, InputError, type Runtime } from '@attune/core';
import type { Registry } from '../plugins/registry.js';
import { bearerCheck, hostAllowList } from './access.js';
import { strictJsonBodies } from './json-body.js';
import { listenOn } from './listen.js';
import { serverMetrics, type ServerMetrics } from './metrics.js';
import { ModelSlot } from './model-slot.js';
import { observeResponses } from './observe.js';

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
  /** Requests other than `GET /healthz` need `Authorization: Bearer <token>`. Default: none needed. */
  token?: string;
  /**
   * Host header names served besides localhost, 127.0.0.1, [::1] and the bound host (DNS-rebinding
   * defence; `*` allows any). Default none.
   */
  allowedHosts?: string[];
  /** Most connections open at once; more are refused. Default 256. */
  maxConnections?: number;
  /** Longest a client may take to send a whole request (ms); then 408. Default 30000. */
  requestTimeoutMs?: number;
  /** Longest a client may take to send the request headers (ms). Default 10000. */
  headersTimeoutMs?: number;
  /** How long an idle keep-alive connection stays open (ms). Default 5000. */
  keepAliveTimeoutMs?: number;
  /** One log line per request: method, route, status, ms, request id. Default true. */
  requestLog?: boolean;
  log?: (message: string, data?: Record<string, unknown>) => void;
}

export interface AttuneServer {
  app: FastifyInstance;
  models: Map<string, ModelSlot>;
  metrics: ServerMetrics;
  /**
   * Listens and resolves to the address (`http://host:port`). A port in use, a privileged port or an
   * address of another machine is an InputError with one line saying so.
   */
  listen(host: string, port: number): Promise<string>;
  /**
   * Stops accepting requests, answers those in flight, releases the models. After `drainTimeoutMs`
   * the connections still open (a client holding a half-sent request) are closed.
   */
  close(): Promise<void>;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Splits `name=path` (a name is letters, digits, `.`, `_`, `-`). */
export function parseModelArg(arg: string): { name: string; dir: string } {
  const at = arg.indexOf('=');
  const name = at > 0 ? arg.slice(0, at) : path.basename(path.resolve(arg));
  const dir = at > 0 ? arg.slice(at + 1) : arg;
  if (!NAME.test(name)) throw new InputError(`Model name "${name}" must be letters, digits, ".", "_" or "-"; name it with name=path.`);
  // an empty path would resolve to the working directory and fail there with a confusing message
  if (dir.trim() === '') throw new InputError(`"${arg}" names no artifact directory; write name=path, e.g. ${name}=models/${name}.`);
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

  const requestTimeout = options.requestTimeoutMs ?? 30_000;
  const headersTimeout = Math.min(options.headersTimeoutMs ?? 10_000, requestTimeout); // node wants headers ≤ request
  const bodyLimit = options.bodyLimit ?? 1024 * 1024;
  let recordResponse: ReturnType<typeof observeResponses> = () => {}; // set once the app exists
  const app = Fastify({
    bodyLimit,
    logger: false,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    genReqId: () => randomUUID(),
    requestTimeout,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 5000,
    // node checks the header and request deadlines this often (default 30 s, far too coarse)
    http: { headersTimeout, connectionsCheckingInterval: Math.min(1000, headersTimeout) },
    // a URL that does not decode (`%zz`): the same error body as every other refusal, and counted
    frameworkErrors: (error, request, reply) => {
      void frameworkRefusal(error, reply as unknown as FastifyReply);
      recordResponse(request, reply as unknown as FastifyReply);
    },
    clientErrorHandler: (error, socket) => {
      // malformed HTTP and node's own timeouts (408) never reach a route; count them too
      const code = (error as { code?: string }).code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : (error as { code?: string }).code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
      const reason = code === 408 ? 'Request Timeout' : code === 431 ? 'Request Header Fields Too Large' : 'Bad Request';
      // a reset connection gets no reply, so it is not a response to count
      if ((error as { code?: string }).code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
      metrics.http.inc({ route: 'client-error', code: String(code) });
      // then destroy: a client that never reads must not hold the half-closed socket open
      socket.end(`HTTP/1.1 ${code} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () => socket.destroy());
    },
  });
  app.server.maxConnections = options.maxConnections ?? 256;
  strictJsonBodies(app);
  // counted and logged first: hooks after one that replies (401, 403) are skipped
  recordResponse = observeResponses(app, metrics, log, options.requestLog ?? true);

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

  let listeningOn: string | undefined;
  const hostRefusal = hostAllowList(() => listeningOn, options.allowedHosts);
  const tokenRefusal = options.token !== undefined ? bearerCheck(options.token) : undefined;
  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
    const forbidden = hostRefusal(request);
    if (forbidden) return reply.status(403).send({ error: { code: 'FORBIDDEN_HOST', message: forbidden } });
    // /healthz stays open, so load balancers and orchestrators need no token
    const unauthorized = tokenRefusal && routeUrl(request) !== '/healthz' ? tokenRefusal(request, reply) : undefined;
    if (unauthorized) return reply.status(401).send({ error: { code: 'UNAUTHORIZED', message: unauthorized } });
  });
  /** A 500's body: a generic message and the request id; the error itself goes to the server's log only. */
  const internal = (request: FastifyRequest, reply: FastifyReply, error: unknown, where: string) => {
    log(`request ${request.id} (${where}) failed: ${(error as Error)?.stack ?? String(error)}`, { requestId: request.id });
    return reply.status(500).send({ error: { code: 'INTERNAL', message: `Internal error; the server log has the details under request id ${request.id}.`, requestId: request.id } });
  };
  app.setErrorHandler((error, request, reply) => {
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status >= 500) return internal(request, reply, error, `${request.method} ${routeUrl(request)}`);
    // fastify's own refusals (body too large, bad JSON, wrong content type) are client errors
    const code = (error as { code?: string }).code ?? 'BAD_REQUEST';
    return reply.status(status).send({ error: { code, message: REFUSALS[code]?.(bodyLimit) ?? (error as Error).message } });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { code: 'NOT_FOUND', message: `No route ${request.method} ${request.url.split('?')[0]!.slice(0, 200)}; GET /v1/models lists the models.` } }),
  );

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
    app.post(`/v1/models/${name}::predict`, { config: { model: name } }, async (request, reply) => {
      metrics.inflight.inc({}, 1);
      try {
        const inputs = await readInputs(request.body, maxInputs, (v) => slot.adapter.fromJson ? slot.adapter.fromJson(v) : v);
        const { predictions, generation } = await slot.predict(inputs);
        const toJson = slot.adapter.toJson ?? ((p: unknown) => p);
        return await reply.send({ model: name, generation, predictions: predictions.map(toJson) });
      } catch (error) {
        // only a bad request is the client's to hear about; anything else (the runtime, the backend) is ours
        if (!AttuneError.isInstance(error) || error.code !== 'INVALID_INPUT') return internal(request, reply, error, `model ${name}`);
        return reply.status(400).send({ error: { code: error.code, message: error.message } });
      } finally {
        metrics.inflight.inc({}, -1);
      }
    });
  }

  let closing: Promise<void> | undefined;
  return {
    app,
    models,
    metrics,
    listen: async (host, port) => {
      const address = await listenOn(app, host, port);
      listeningOn = host;
      return address;
    },
    close: () =>
      (closing ??= (async () => {
        draining = true;
        // requests waiting for a batch to fill (up to --max-delay) are answered now
        for (const slot of models.values()) slot.hurry();
        // requests already sent may not have been read yet: answer until the line is quiet
        const quiet = options.drainQuietMs ?? 250;
        const drainStart = performance.now();
        const until = drainStart + (options.drainTimeoutMs ?? 10_000);
        const quietFor = () => performance.now() - Math.max(lastArrival, drainStart);
        while (performance.now() < until && (open.size > 0 || quietFor() < quiet)) await sleep(10);
        const closed = app.close(); // stops accepting; waits for requests in flight
        let deadline: NodeJS.Timeout | undefined;
        await Promise.race([closed, new Promise((resolve) => (deadline = setTimeout(resolve, Math.max(0, until - performance.now()))))]);
        clearTimeout(deadline);
        // past the deadline: a client holding a half-sent request must not keep the process alive
        app.server.closeAllConnections();
        await closed;
        for (const slot of models.values()) await slot.close();
      })()),
  };
}

/** A request fastify refuses before routing (a URL that does not decode), answered like every other refusal. */
function frameworkRefusal(error: { code: string; statusCode?: number; message: string }, reply: FastifyReply) {
  if (error.code === 'FST_ERR_BAD_URL') {
    return reply.status(400).send({ error: { code: 'BAD_URL', message: 'The URL does not decode: each "%" must start a percent-encoded UTF-8 byte such as %20.' } });
  }
  return reply.status(error.statusCode ?? 400).send({ error: { code: error.code, message: error.message } });
}

/** Fastify's refusals whose own message leaves out what to do. */
const REFUSALS: Record<string, (bodyLimit: number) => string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: (limit) => `The request body is over the limit of ${limit} bytes (--body-limit); send fewer or shorter inputs per request.`,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () => 'Unsupported Content-Type; send the body as JSON with "Content-Type: application/json".',
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const routeUrl = (request: FastifyRequest) => request.routeOptions.url ?? request.url.split('?')[0]!;

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
