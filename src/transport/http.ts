import type { OutgoingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import { effectivePort } from '../base/addresses.js';
import { usageError } from '../base/errors.js';
import { redactUrl } from '../base/redact.js';
import { connectTcp, connectUnix, type Connected } from './connect.js';
import { startBudget, type Budget } from './deadline.js';
import type { DecodeContext } from './http-content-coding.js';
import { buildHeaders, exchange, type Exchanged } from './http-exchange.js';
import { redirectTarget } from './http-redirect.js';
import type { HttpRequest, HttpResponse } from './types.js';

export { ACCEPT, USER_AGENT } from './http-exchange.js';

type TlsModule = typeof import('./tls-connect.js');

export interface TlsSetup {
  module: TlsModule;
  context: Awaited<ReturnType<TlsModule['loadTlsContext']>>;
}

export interface HttpRequestOptions {
  /**
   * The duration a timeout message names ("timeout after 800ms …"). Pass the configured
   * --timeout so the message is the same on every run (kubelet deduplicates on it);
   * by default it is the time from this call to the deadline.
   */
  budgetMs?: number;
}

/**
 * One HTTP(S) check under one absolute deadline: DNS, connect, TLS, first byte and body.
 * Follows redirects only to the same scheme, host and port; undoes the Content-Encoding within
 * the body cap. Throws HealthctlError (`unreachable`, `timeout`, `bad-response`, or `usage` for
 * unreadable TLS files).
 */
export async function httpRequest(req: HttpRequest, options: HttpRequestOptions = {}, hop: Hop = oneShot): Promise<HttpResponse> {
  const budget = startBudget(req.deadline, req.signal, options.budgetMs);
  const { clock } = budget;
  const scheme = req.url.protocol;
  if (scheme !== 'http:' && scheme !== 'https:') throw usageError(`unsupported URL scheme ${scheme} (use http: or https:)`);
  const check: Check = {
    req,
    budget,
    headers: buildHeaders(req.url, req.headers),
    tls: scheme === 'https:' ? await prepareTls(req) : null,
  };

  let url = req.url;
  const redirects: string[] = [];
  for (;;) {
    const { answer, address } = await hop(check, url);
    const next = redirectTarget({
      from: url,
      status: answer.status,
      location: answer.headers.location,
      address,
      followed: redirects.length,
      max: req.maxRedirects,
      timings: clock.snapshot(),
    });
    if (next === null) {
      return {
        status: answer.status,
        statusText: answer.statusText,
        contentType: answer.headers['content-type'] ?? null,
        body: await decodedBody(answer, { maxBytes: req.maxBodyBytes, address, timings: clock.snapshot() }),
        address,
        redirects,
        timings: clock.snapshot(),
      };
    }
    redirects.push(redactUrl(next));
    url = next;
  }
}

/** The codings a Content-Encoding header lists, lower case, without `identity` (which changes nothing). */
function contentCodings(header: string | undefined): string[] {
  if (header === undefined) return [];
  return header.split(',').map((c) => c.trim().toLowerCase()).filter((c) => c !== '' && c !== 'identity');
}

/** The body with its Content-Encoding undone; node:zlib loads only for a response that names a coding. */
async function decodedBody(answer: Exchanged, context: DecodeContext): Promise<Buffer> {
  const codings = contentCodings(answer.headers['content-encoding']);
  if (codings.length === 0 || answer.body.length === 0) return answer.body;
  const { decodeContentCodings } = await import('./http-content-coding.js');
  return decodeContentCodings(answer.body, codings, context);
}

/** What stays the same across the redirects of one check. */
export interface Check {
  req: HttpRequest;
  budget: Budget;
  headers: OutgoingHttpHeaders;
  tls: TlsSetup | null;
}

// node:tls and the TLS file reads are loaded only for https targets.
async function prepareTls(req: HttpRequest): Promise<TlsSetup> {
  const module = await import('./tls-connect.js');
  return { module, context: await module.loadTlsContext(req.tls) };
}

/** One request and its whole answer, over a connection of its own or a kept one; and the address that answered. */
export type Hop = (check: Check, url: URL) => Promise<{ answer: Exchanged; address: string }>;

/** A connection of its own, closed after the answer: what a single probe does. */
const oneShot: Hop = async (check, url) => {
  const { req, budget } = check;
  const connected = req.unixSocket === null ? await connectTcp(req.connectTo ?? url.hostname, effectivePort(url), budget) : await connectUnix(req.unixSocket, budget);
  return { answer: await fetchOver(check, connected, url), address: connected.address };
};

async function fetchOver(check: Check, connected: Connected, url: URL): Promise<Exchanged> {
  const { req, tls, budget } = check;
  let socket: Socket = connected.socket;
  try {
    if (tls !== null) {
      const target = { verifyName: req.tls.servername ?? url.hostname, insecure: req.tls.insecure, context: tls.context };
      socket = await tls.module.startTls(connected, target, budget);
    }
    const input = { socket, address: connected.address, url, method: req.method, headers: check.headers, maxBodyBytes: req.maxBodyBytes, body: req.body };
    return await exchange(input, budget);
  } finally {
    socket.destroy();
    connected.socket.destroy();
  }
}
