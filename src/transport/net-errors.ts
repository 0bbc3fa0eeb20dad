import { HealthctlError } from '../base/errors.js';
import type { NetPhase, Timings } from '../base/timings.js';

/** `ECONNREFUSED`, `CERT_HAS_EXPIRED`, `HPE_INVALID_CONSTANT`… or null. */
export function errorCode(error: unknown): string | null {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') return error.code;
  return null;
}

function errorReason(error: unknown): string | null {
  if (error instanceof Error && 'reason' in error && typeof error.reason === 'string' && error.reason !== '') {
    return error.reason;
  }
  return null;
}

const CODE_NAMES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EADDRNOTAVAIL: 'address not available',
  EAFNOSUPPORT: 'address family not supported',
  ETIMEDOUT: 'timed out',
  ENOENT: 'no such socket',
  ENOTSOCK: 'not a socket',
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  EPIPE: 'connection closed',
};

export interface ConnectAttemptFailure {
  address: string;
  error: unknown;
}

/** Every address was tried and none accepted: name each with why. */
export function connectFailure(failures: readonly ConnectAttemptFailure[], timings: Timings): HealthctlError {
  const coded = failures.map((f) => ({ address: f.address, code: errorCode(f.error) ?? 'EUNKNOWN' }));
  const address = coded.map((f) => f.address).join(', ');
  const phase: NetPhase = 'connect';
  const options = { phase, address, timings, cause: failures[0]?.error };
  const first = coded[0];
  if (first === undefined) return new HealthctlError('unreachable', 'connect failed: no address to connect to', options);
  if (coded.length === 1) {
    const message =
      first.code === 'ECONNREFUSED'
        ? `connection refused by ${first.address} (connect)`
        : `cannot connect to ${first.address}: ${CODE_NAMES[first.code] ?? 'error'} (${first.code})`;
    return new HealthctlError('unreachable', message, options);
  }
  const sameCode = coded.every((f) => f.code === first.code);
  const list = sameCode ? `${first.code} ${address}` : coded.map((f) => `${f.code} ${f.address}`).join(', ');
  return new HealthctlError('unreachable', `connect ${list}`, options);
}

/** `DNS lookup failed for nohost.invalid: ENOTFOUND`. */
export function dnsFailure(host: string, error: unknown, timings: Timings): HealthctlError {
  const code = errorCode(error) ?? 'ENOTFOUND';
  const detail = code === 'EAI_AGAIN' ? 'EAI_AGAIN (temporary failure, try again)' : code;
  return new HealthctlError('unreachable', `DNS lookup failed for ${host}: ${detail}`, {
    phase: 'dns',
    address: host,
    timings,
    cause: error,
  });
}

/**
 * A certificate error in OpenSSL 3's words, whichever TLS library said it: BoringSSL (the standalone
 * executable's) still says `self signed certificate`, as OpenSSL 1.1 did.
 */
export function opensslWording(reason: string): string {
  return reason.replace(/\bself signed\b/g, 'self-signed');
}

/** `TLS: certificate has expired (CERT_HAS_EXPIRED) from 127.0.0.1:8443`. */
export function tlsFailure(error: unknown, address: string, timings: Timings): HealthctlError {
  const code = errorCode(error) ?? 'ERR_TLS';
  // OpenSSL messages start with `error:0A00010B:SSL routines::`; its `reason` is the readable part.
  const rawMessage = opensslWording(error instanceof Error ? error.message : String(error));
  const reason = code.startsWith('ERR_SSL_') ? (errorReason(error) ?? rawMessage) : rawMessage;
  return new HealthctlError('unreachable', `TLS: ${reason} (${code}) from ${address}`, {
    phase: 'tls',
    address,
    timings,
    cause: error,
  });
}

export function isTlsLibraryError(error: unknown): boolean {
  return errorCode(error)?.startsWith('ERR_SSL_') === true;
}

/** A failure after the request was sent: parse errors are bad responses, the rest unreachable. */
export function responseFailure(
  error: unknown,
  where: { phase: NetPhase; address: string; headersDone: boolean },
  timings: Timings,
): HealthctlError {
  const code = errorCode(error);
  const { phase, address } = where;
  const options = { phase, address, timings, cause: error };
  if (code !== null && code.startsWith('HPE_')) {
    const reason = errorReason(error) ?? code;
    return new HealthctlError('bad-response', `not a valid HTTP response from ${address}: ${reason} (${code})`, options);
  }
  if (isTlsLibraryError(error)) return tlsFailure(error, address, timings);
  const during =
    phase === 'first-byte' ? 'before the response (first byte)' : where.headersDone ? 'while reading body' : 'while reading headers';
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    // Node reports a clean close before any response as ECONNRESET "socket hang up".
    const closed = error instanceof Error && error.message === 'socket hang up';
    return new HealthctlError('unreachable', `connection ${closed ? 'closed' : 'reset'} by ${address} ${during}`, options);
  }
  return new HealthctlError('unreachable', `connection error from ${address} ${during}: ${code ?? 'unknown error'}`, options);
}
