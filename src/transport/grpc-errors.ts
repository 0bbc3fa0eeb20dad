import { status, type ServiceError } from '@grpc/grpc-js';
import { HealthctlError } from '../errors.js';
import type { Budget } from './deadline.js';
import { formatDuration } from './format-address.js';
import { opensslWording } from './net-errors.js';

export interface CallContext {
  address: string;
  /** The channel reached READY: a failure now belongs to the call, not the connect. */
  connected: boolean;
  /** grpcs://: a handshake failure is a TLS problem, and a plaintext port needs grpc://. */
  tls: boolean;
  budget: Budget;
}

/** `UNAVAILABLE`, `PERMISSION_DENIED`… for a numeric status code. */
function codeName(code: number): string {
  const found = Object.entries(status).find(([, value]) => value === code);
  return found === undefined ? `code ${code}` : found[0];
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

/** Text from the server or the library can be long; keep an error to one readable line. */
function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 300)}…` : flat;
}

/**
 * A failed Check call as a HealthctlError: the outcome of product.md §5, the phase
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
      if (connected) return new HealthctlError('unreachable', `connection to ${address} lost during the call: ${oneLine(details)}`, { ...options, phase: 'call' });
      const reason = connectReason(details);
      const connect = { ...options, phase: 'connect' as const };
      if (/ECONNREFUSED/.test(reason)) {
        // grpc-js names the address it tried last: for `localhost`, which loopback refused.
        const tried = /ECONNREFUSED (\S+:\d+)/.exec(reason)?.[1] ?? address;
        const shown = /^[0-9a-f]*:[0-9a-f:]*:\d+$/i.test(tried) && !tried.startsWith('[') ? `[${tried.replace(/:(\d+)$/, ']:$1')}` : tried;
        return new HealthctlError('unreachable', `connection refused by ${shown} (connect)`, { ...connect, address: shown });
      }
      if (/ENOTFOUND|EAI_AGAIN|Name resolution failed|getaddrinfo/i.test(reason)) {
        const host = address.replace(/:\d+$/, '');
        return new HealthctlError('unreachable', `DNS lookup failed for ${host}`, { ...options, address: host, phase: 'dns' });
      }
      if (tls && TLS_REASON.test(reason)) {
        const hint = /wrong version number|packet length too long/.test(reason) ? ' (a plaintext port needs grpc://)' : '';
        return new HealthctlError('unreachable', `TLS: ${oneLine(reason)} from ${address}${hint}`, { ...options, phase: 'tls' });
      }
      const hint = !tls && reason === 'Failed to connect' ? ': no HTTP/2 answer (a TLS port needs grpcs://)' : `: ${oneLine(reason)}`;
      return new HealthctlError('unreachable', `cannot connect to ${address}${hint}`, connect);
    }
    default:
      return new HealthctlError('bad-response', `health call to ${address} failed: ${codeName(error.code)}: ${oneLine(details)}`, { ...options, phase: 'call' });
  }
}
