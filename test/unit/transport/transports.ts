import type { HttpTransport } from '../../../src/check/run-check.js';
import { httpRequest } from '../../../src/transport/http.js';
import { KeptConnections } from '../../../src/transport/pooled-http.js';

const kept = new KeptConnections();

/** The two ways an HTTP(S) check is sent: a connection of its own (a single probe), kept connections (a fleet, --watch). */
export const TRANSPORTS: ReadonlyArray<readonly [string, HttpTransport]> = [
  ['httpRequest (a connection per check)', httpRequest],
  ['KeptConnections (undici)', kept.request],
];

export function closeTransports(): Promise<void> {
  return kept.close();
}
