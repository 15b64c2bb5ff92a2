import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Names every local client may use in the Host header, whatever address the server is bound to. */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];

/** `name`, `name:port`, `[v6]` or `[v6]:port`: anything else matches no allowed name. */
const HOST_HEADER = /^(?:\[([0-9a-f:.]+)\]|([^:[\]]+))(?::\d{1,5})?$/;

/** The host part of a Host header, lower-cased, IPv6 brackets, a final dot and the port removed; '' if malformed. */
export function hostHeaderName(header: string): string {
  const m = HOST_HEADER.exec(header.trim().toLowerCase());
  return m ? (m[1] ?? m[2]!.replace(/\.$/, '')) : '';
}

const bareAddress = (address: string | undefined) => (address ?? '').replace(/^::ffff:/, '').toLowerCase();

/**
 * Host header allow-list against DNS rebinding: a page on evil.example that re-points its name at
 * 127.0.0.1 gets its requests here with `Host: evil.example`, and is refused. Allowed: localhost,
 * 127.0.0.1, [::1], the bound host, `extra` names (`*` allows any), and an IP address equal to the
 * one the client connected to (a name, not an address, is what rebinding needs, so this lets
 * `curl http://10.0.0.5:8080` through on a server bound to 0.0.0.0).
 */
export function hostAllowList(boundHost: () => string | undefined, extra: readonly string[] = []) {
  const any = extra.includes('*');
  const names = new Set([...LOOPBACK_NAMES, ...extra.map((n) => n.toLowerCase())]);
  return (request: FastifyRequest): string | undefined => {
    if (any) return undefined;
    const header = request.headers.host;
    if (header === undefined) return undefined; // HTTP/1.0 without Host: not a browser, so not rebinding
    const name = hostHeaderName(header);
    const bound = boundHost()?.toLowerCase();
    if (names.has(name) || name === bound) return undefined;
    if (isIP(name) && name === bareAddress(request.socket.localAddress)) return undefined;
    return `Host "${header.slice(0, 100)}" is not allowed here; start attune serve with --allowed-host ${name.slice(0, 100) || '<name>'} to serve it.`;
  };
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Bearer-token check. Both sides are hashed first, so the comparison is constant-time over equal
 * lengths whatever the token's length, and the token's length does not leak either.
 */
export function bearerCheck(token: string) {
  const expected = digest(token);
  return (request: FastifyRequest, reply: FastifyReply): string | undefined => {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
    if (match && timingSafeEqual(digest(match[1]!), expected)) return undefined;
    void reply.header('www-authenticate', match ? 'Bearer realm="attune", error="invalid_token"' : 'Bearer realm="attune"');
    return match ? 'The bearer token is wrong.' : 'This server needs "Authorization: Bearer <token>".';
  };
}
