import { InputError } from '@attune/core';
import type { FastifyInstance } from 'fastify';

/** Why a listen failed, in the user's terms, for the errors a user can fix by choosing another host or port. */
const REASONS: Record<string, (where: string) => string> = {
  EADDRINUSE: (where) => `Cannot listen on ${where}: the port is already in use. Stop the other server or pick another --port (0 picks a free one).`,
  EACCES: (where) => `Cannot listen on ${where}: permission denied (ports below 1024 need privileges). Pick a --port of 1024 or more.`,
  EADDRNOTAVAIL: (where) => `Cannot listen on ${where}: that address is not one of this machine's. Use --host 127.0.0.1 (this machine only) or 0.0.0.0 (every interface).`,
  ENOTFOUND: (where) => `Cannot listen on ${where}: the host name does not resolve. Use an IP address such as 127.0.0.1 or 0.0.0.0.`,
  EAI_AGAIN: (where) => `Cannot listen on ${where}: the host name could not be resolved now. Use an IP address such as 127.0.0.1 or 0.0.0.0.`,
  ERR_SOCKET_BAD_PORT: (where) => `Cannot listen on ${where}: the port must be from 0 to 65535.`,
};

/**
 * Starts listening and resolves to the address; a failure the user can fix (port in use, no
 * permission, an address of another machine) becomes an InputError with one line saying so, so the
 * CLI exits 2 instead of printing a stack.
 */
export async function listenOn(app: FastifyInstance, host: string, port: number): Promise<string> {
  try {
    return await app.listen({ host, port });
  } catch (error) {
    const reason = REASONS[(error as NodeJS.ErrnoException).code ?? ''];
    if (!reason) throw error;
    throw new InputError(reason(host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`));
  }
}
