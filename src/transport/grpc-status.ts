import { status, type Metadata, type ServiceError } from '@grpc/grpc-js';
import { HealthctlError } from '../base/errors.js';
import { oneLine } from '../base/text.js';
import type { Budget } from './deadline.js';

/** `UNAVAILABLE`, `PERMISSION_DENIED`… for a numeric status code. */
export function codeName(code: number): string {
  const found = Object.entries(status).find(([, value]) => value === code);
  return found === undefined ? `code ${code}` : found[0];
}

/** Text from the server or the library can be long: an error keeps this much of it, on one line. */
export const DETAILS_CHARS = 301;

function isGrpcResponse(metadata: Metadata | null): boolean {
  const type = metadata?.get('content-type')[0];
  return typeof type === 'string' && /^application\/grpc/i.test(type);
}

// What grpc-js says when a call that had started ends without the server's status.
const LOST_CALL = /^(Connection dropped|Stream refused by server|Received RST_STREAM|Received HTTP status code|No status information received|Received message larger than max|Response message parsing error|read E|write E)/;

/**
 * Whether the server sent this status. grpc-js gives every status it makes up itself empty
 * metadata, while a server's Trailers-Only answer (how servers send an error before any
 * message) carries its gRPC content-type; after response headers, grpc-js's own texts tell.
 */
export function isServerStatus(error: ServiceError, responseHeaders: Metadata | null): boolean {
  if (isGrpcResponse(error.metadata)) return true;
  if (!isGrpcResponse(responseHeaders)) return false;
  if (error.code === status.DEADLINE_EXCEEDED || error.code === status.CANCELLED) return false;
  return !LOST_CALL.test(error.details);
}

/**
 * Codes that say the request was not acceptable rather than the service unwell: the check
 * itself is misconfigured (credentials, permissions, a server that has no such method), so
 * the state of the service is not known.
 */
const REFUSED_REQUEST: ReadonlySet<number> = new Set([
  status.UNAUTHENTICATED,
  status.PERMISSION_DENIED,
  status.INVALID_ARGUMENT,
  status.OUT_OF_RANGE,
  status.ALREADY_EXISTS,
]);

/** A status the server answered that refuses the check (bad-response), or null when it reports the service unwell. */
export function refusedCheck(error: ServiceError, address: string, budget: Budget): HealthctlError | null {
  if (!REFUSED_REQUEST.has(error.code)) return null;
  const hint = error.code === status.UNAUTHENTICATED || error.code === status.PERMISSION_DENIED ? ' (check the credentials sent with -H)' : '';
  const details = error.details === '' ? '' : `: ${oneLine(error.details, DETAILS_CHARS)}`;
  return new HealthctlError('bad-response', `health call to ${address} answered ${codeName(error.code)}${details}${hint}`, {
    address,
    timings: budget.clock.snapshot(),
    phase: 'call',
    cause: error,
  });
}
