import { oneOf } from '../base/errors.js';
import type { CheckOptions } from '../config/check-options.js';
import { envString } from '../config/env.js';
import type { HttpTransport } from './run-check.js';

export const HTTP_CLIENTS = ['undici', 'healthctl'] as const;
export type HttpClientName = (typeof HTTP_CLIENTS)[number];

/** How a command sends its HTTP(S) checks, and how it lets go of what it kept. */
export interface HttpClient {
  name: HttpClientName;
  /** undefined: a connection of its own per check, healthctl's own HTTP/1.1 client, as a single probe. */
  http: HttpTransport | undefined;
  close(): Promise<void>;
}

/**
 * The HTTP client of commands that check many targets or the same ones again: undici with kept
 * connections, or a connection per check as a single probe makes it. `HEALTHCTL_HTTP_CLIENT`
 * overrides the command's choice; undici loads only when it is the one (never in the standalone
 * executable).
 */
export async function httpClientFor(env: NodeJS.ProcessEnv, preferred: HttpClientName): Promise<HttpClient> {
  const given = envString(env, 'httpClient');
  const name = given === undefined ? preferred : oneOf(given.trim().toLowerCase(), HTTP_CLIENTS, 'HEALTHCTL_HTTP_CLIENT');
  // The standalone executable runs on Bun, whose `undici` is a stand-in over its own fetch, without a Client to keep connections in.
  if (name === 'healthctl' || process.versions['bun'] !== undefined) return { name: 'healthctl', http: undefined, close: async () => {} };
  const { KeptConnections } = await import('../transport/pooled-http.js');
  const kept = new KeptConnections();
  return { name, http: kept.request, close: () => kept.close() };
}

/** A fleet checked once asks each target once: nothing to keep, and undici would cost start-up and memory. */
export const ONE_SHOT_CLIENT: HttpClientName = 'healthctl';

/**
 * Checks made again and again (wait, --watch) keep their connections when a target speaks TLS:
 * each refresh then skips a handshake, about a third of the CPU of a refresh (docs/fleet.md,
 * "HTTP client"). Over plain HTTP a kept connection saves nothing measurable and undici costs
 * memory and start-up, so those checks open a connection each, as a single probe does.
 */
export function repeatedChecksClient(targets: readonly CheckOptions[]): HttpClientName {
  return targets.some((o) => o.target.kind === 'http' && o.target.url.protocol === 'https:') ? 'undici' : 'healthctl';
}
