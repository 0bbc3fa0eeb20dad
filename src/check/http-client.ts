import { envString } from '../config/env.js';
import { usageError } from '../errors.js';
import type { HttpTransport } from './run-check.js';

export const HTTP_CLIENTS = ['undici', 'node'] as const;
export type HttpClientName = (typeof HTTP_CLIENTS)[number];

/** How a command sends its HTTP(S) checks, and how it lets go of what it kept. */
export interface HttpClient {
  name: HttpClientName;
  /** undefined: a connection of its own per check (node:http), as a single probe. */
  http: HttpTransport | undefined;
  close(): Promise<void>;
}

/**
 * The HTTP client of commands that check many targets or the same ones again: undici with kept
 * connections, or node:http with a connection per check. `HEALTHCTL_HTTP_CLIENT` overrides the
 * command's choice; undici loads only when it is the one.
 */
export async function httpClientFor(env: NodeJS.ProcessEnv, preferred: HttpClientName): Promise<HttpClient> {
  const given = envString(env, 'httpClient');
  const name = given === undefined ? preferred : HTTP_CLIENTS.find((c) => c === given.trim().toLowerCase());
  if (name === undefined) throw usageError(`HEALTHCTL_HTTP_CLIENT: '${given ?? ''}' is not one of ${HTTP_CLIENTS.join(', ')}`);
  if (name === 'node') return { name, http: undefined, close: async () => {} };
  const { KeptConnections } = await import('../transport/pooled-http.js');
  const kept = new KeptConnections();
  return { name, http: kept.request, close: () => kept.close() };
}
