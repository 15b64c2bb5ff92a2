import type { FastifyInstance } from 'fastify';

/** A refusal of the request body, answered with `statusCode` and `{"error": {code, message}}`. */
class BodyError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The charset parameter of a Content-Type, lower-cased and unquoted; undefined when there is none. */
function charsetOf(contentType: string | undefined): string | undefined {
  const m = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType ?? '');
  return m ? (m[1] ?? m[2] ?? '').toLowerCase() : undefined;
}

/**
 * The first own `__proto__` key, or `constructor` key holding a `prototype`, anywhere in a parsed
 * body (walked with a stack: a body nested 10^5 deep must not overflow the call stack).
 */
function poisonedKey(root: unknown): string | undefined {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null) continue;
    if (!Array.isArray(value)) {
      if (Object.hasOwn(value, '__proto__')) return '__proto__';
      const ctor = (value as { constructor?: unknown }).constructor;
      if (Object.hasOwn(value, 'constructor') && typeof ctor === 'object' && ctor !== null && Object.hasOwn(ctor, 'prototype')) return 'constructor.prototype';
    }
    for (const child of Object.values(value)) if (typeof child === 'object' && child !== null) stack.push(child);
  }
  return undefined;
}

/**
 * Replaces fastify's JSON body parser, whose one message ("Body is not valid JSON") covered every
 * failure and which decoded any charset as UTF-8, replacing what it could not decode with U+FFFD so
 * that a Latin-1 "café" was silently classified as "caf\uFFFD". JSON is UTF-8 (RFC 8259): another
 * declared charset or a compressed body is 415, bytes that are not UTF-8 are 400, and each refusal says what was wrong.
 * Keys that poison prototypes (`__proto__`, `constructor.prototype`) stay refused, by name.
 */
export function strictJsonBodies(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const encoding = request.headers['content-encoding']?.trim().toLowerCase();
    if (encoding && encoding !== 'identity') {
      return done(new BodyError(415, 'UNSUPPORTED_ENCODING', `Content-Encoding ${encoding.slice(0, 40)} is not supported; send the body uncompressed.`), undefined);
    }
    const charset = charsetOf(request.headers['content-type']);
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      return done(new BodyError(415, 'UNSUPPORTED_CHARSET', `JSON bodies must be UTF-8; the Content-Type says charset=${charset.slice(0, 40)}. Send UTF-8 (or leave out charset).`), undefined);
    }
    const bytes = body as Buffer;
    if (bytes.length === 0) return done(new BodyError(400, 'EMPTY_BODY', 'The request body is empty; send a JSON object such as {"inputs": ["..."]}.'), undefined);
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      return done(new BodyError(400, 'INVALID_UTF8', 'The request body is not valid UTF-8; JSON bodies must be UTF-8 encoded.'), undefined);
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return done(new BodyError(400, 'INVALID_JSON', `The request body is not valid JSON: ${(error as Error).message.slice(0, 200)}.`), undefined);
    }
    const poisoned = poisonedKey(value);
    if (poisoned) return done(new BodyError(400, 'FORBIDDEN_KEY', `The request body holds a "${poisoned}" key, which is refused (prototype poisoning); remove it.`), undefined);
    done(null, value);
  });
}
