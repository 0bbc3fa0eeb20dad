import { status, type ServiceError } from '@grpc/grpc-js';
import { statSync } from 'node:fs';
import { formatAddress } from '../base/addresses.js';
import { formatDuration } from '../base/durations.js';
import { HealthctlError } from '../base/errors.js';
import { oneLine } from '../base/text.js';
import type { Timings } from '../base/timings.js';
import type { Budget } from './deadline.js';
import { codeName, DETAILS_CHARS } from './grpc-status.js';
import { connectFailure, opensslWording } from './net-errors.js';

export interface CallContext {
  address: string;
  /** The channel reached READY: a failure now belongs to the call, not the connect. */
  connected: boolean;
  /** grpcs://: a handshake failure is a TLS problem, and a plaintext port needs grpc://. */
  tls: boolean;
  budget: Budget;
}

/**
 * The reason grpc-js records for a failed connection, without its wrapper, timestamp and
 * OpenSSL file positions: `self-signed certificate`, `tlsv13 alert certificate required`.
 */
export function connectReason(details: string): string {
  let text = opensslWording(/Last error: ([\s\S]*)$/.exec(details)?.[1] ?? details);
  text = text.replace(/\.?\s*Resolution note:[\s\S]*$/, '').replace(/\s*\(\d{4}-\d\d-\d\dT[^)]*\)\s*$/, '').trim();
  const openssl = /error:[0-9A-Fa-f]+:SSL routines:[^:]*:([^:]+)/.exec(text)?.[1];
  // BoringSSL (Bun) names the reason in capitals, `TLSV1_ALERT_CERTIFICATE_REQUIRED`; OpenSSL (Node) in words.
  if (openssl !== undefined) return /^[A-Z0-9_]+$/.test(openssl.trim()) ? openssl.trim().toLowerCase().replaceAll('_', ' ') : openssl.trim();
  const coded = /^Error \[([A-Z0-9_]+)\]: ([\s\S]*)$/.exec(text);
  if (coded?.[1] !== undefined && coded[2] !== undefined) return `${coded[2].replace(/\.$/, '')} (${coded[1]})`;
  return text.replace(/^Error: /, '');
}

const TLS_REASON = /certificate|self[- ]signed|SSL|TLS|handshake|altnames|issuer|alert|wrong version number|packet length/i;


/** A Unix socket that could not be connected to: named with the system's reason, and a regular file as such. */
function unixFailure(reason: string, address: string, timings: Timings): HealthctlError | null {
  const code = /\b(E[A-Z]{3,})\b/.exec(reason)?.[1];
  if (!address.startsWith('unix:') || code === undefined) return null;
  const path = address.slice('unix:'.length);
  if (code === 'ECONNREFUSED' && isRegularFile(path)) {
    return new HealthctlError('unreachable', `cannot connect to ${address}: a regular file, not a socket`, { phase: 'connect', address, timings });
  }
  return connectFailure([{ address, error: Object.assign(new Error(reason), { code }) }], timings);
}

function isRegularFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The peer accepted the connection but does not speak gRPC's HTTP/2: a wrong protocol, so bad-response. */
export function wrongProtocolFailure(address: string, seen: { tls: boolean; http1: string | null }, timings: Timings): HealthctlError {
  const options = { phase: 'connect' as const, address, timings };
  if (seen.tls) return new HealthctlError('bad-response', `${address} answers TLS without HTTP/2 (no ALPN h2): not a gRPC server`, options);
  if (seen.http1 !== null) {
    return new HealthctlError('bad-response', `${address} answers HTTP/1.1, not gRPC/HTTP2 (${seen.http1}; an HTTP health endpoint needs an http:// target)`, options);
  }
  return new HealthctlError('bad-response', `${address} does not speak HTTP/2: not a gRPC server`, options);
}

/** grpc-js's word for a peer whose bytes are not HTTP/2, or a TLS peer that refused to agree on h2. */
export function isWrongProtocol(error: ServiceError): boolean {
  return error.code === status.UNAVAILABLE && /Protocol error|no application protocol/i.test(connectReason(error.details));
}

/**
 * A failed Check call as a HealthctlError: the outcome (unreachable, timeout, bad-response), the phase
 * (`connect`, `tls` or `call`) and the address, in words an operator can act on.
 */
export function grpcCallFailure(error: ServiceError, context: CallContext): HealthctlError {
  const { address, connected, tls, budget } = context;
  const timings = budget.clock.snapshot();
  const details = error.details === '' ? error.message : error.details;
  const options = { address, timings, cause: error };
  switch (error.code) {
    case status.UNIMPLEMENTED:
      return new HealthctlError('bad-response', `server does not implement grpc.health.v1 (UNIMPLEMENTED from ${address})`, { ...options, phase: 'call' });
    case status.DEADLINE_EXCEEDED:
      return new HealthctlError(
        'timeout',
        `timeout after ${formatDuration(budget.budgetMs)} ${connected ? 'waiting for the call to' : 'connecting to'} ${address}`,
        { ...options, phase: connected ? 'call' : 'connect' },
      );
    case status.UNAVAILABLE: {
      if (connected) return new HealthctlError('unreachable', `connection to ${address} lost during the call: ${oneLine(details, DETAILS_CHARS)}`, { ...options, phase: 'call' });
      const reason = connectReason(details);
      const connect = { ...options, phase: 'connect' as const };
      if (/ECONNREFUSED/.test(reason) && !address.startsWith('unix:')) {
        // grpc-js names the address it tried last: for `localhost`, which loopback refused.
        const tried = /ECONNREFUSED (\S+:\d+)/.exec(reason)?.[1] ?? address;
        const hostPort = /^(.+):(\d+)$/.exec(tried);
        const shown = hostPort?.[1] === undefined ? tried : formatAddress(hostPort[1], Number(hostPort[2]));
        return new HealthctlError('unreachable', `connection refused by ${shown} (connect)`, { ...connect, address: shown });
      }
      const unix = unixFailure(reason, address, timings);
      if (unix !== null) return unix;
      if (/ENOTFOUND|EAI_AGAIN|Name resolution failed|getaddrinfo/i.test(reason)) {
        const host = address.replace(/:\d+$/, '');
        return new HealthctlError('unreachable', `DNS lookup failed for ${host}`, { ...options, address: host, phase: 'dns' });
      }
      if (tls && TLS_REASON.test(reason)) {
        const hint = /wrong version number|packet length too long/.test(reason) ? ' (a plaintext port needs grpc://)' : '';
        return new HealthctlError('unreachable', `TLS: ${oneLine(reason, DETAILS_CHARS)} from ${address}${hint}`, { ...options, phase: 'tls' });
      }
      const hint = !tls && reason === 'Failed to connect' ? ': no HTTP/2 answer (a TLS port needs grpcs://)' : `: ${oneLine(reason, DETAILS_CHARS)}`;
      return new HealthctlError('unreachable', `cannot connect to ${address}${hint}`, connect);
    }
    default:
      return new HealthctlError('bad-response', `health call to ${address} failed: ${codeName(error.code)}: ${oneLine(details, DETAILS_CHARS)}`, { ...options, phase: 'call' });
  }
}
