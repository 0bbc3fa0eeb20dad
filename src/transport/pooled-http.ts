// Loaded only by commands that ask the same targets again and again (a fleet, --watch): a single probe never loads undici.
import type { Socket } from 'node:net';
import { Client, type Dispatcher } from 'undici';
import { effectivePort } from '../base/addresses.js';
import { formatBytes } from '../base/bytes.js';
import { HealthctlError } from '../base/errors.js';
import { connectTcp, connectUnix } from './connect.js';
import { runStage, type StageControl } from './deadline.js';
import type { Exchanged } from './http-exchange.js';
import { httpRequest, type Check, type Hop, type HttpRequestOptions } from './http.js';
import { isTlsLibraryError, responseFailure } from './net-errors.js';
import type { HttpRequest, HttpResponse } from './types.js';

/** What one place's connection serves now: checks of one place never overlap. */
interface PlaceState {
  check: Check | null;
  /** The address the open connection reached; null until one is open. */
  address: string | null;
  /** Whether the connector ran for the request in flight (false: a kept connection was reused). */
  connected: boolean;
  /** The TLS alert that ended the connection, if one did. */
  tlsError: unknown;
}

/** One kept connection to one place, and the checks queued for it: one at a time. */
interface Place {
  client: Client;
  now: PlaceState;
  /** Settles when the check before the next one is done with the connection. */
  queue: Promise<void>;
}

/** Who the connection is for: the origin, the address it is pinned to, and every TLS setting. */
function placeKey(req: HttpRequest, url: URL): string {
  const { tls } = req;
  return JSON.stringify([url.origin, req.connectTo ?? null, req.unixSocket, tls.insecure, tls.cacert, tls.cert, tls.key, tls.servername]);
}

/** Opens a connection exactly as a single probe does (happy eyeballs, phases, deadline), for undici to keep. */
async function openSocket(check: Check, url: URL, place: PlaceState): Promise<Socket> {
  const { req, budget, tls } = check;
  const connected = req.unixSocket === null ? await connectTcp(req.connectTo ?? url.hostname, effectivePort(url), budget) : await connectUnix(req.unixSocket, budget);
  place.address = connected.address;
  place.connected = true;
  if (tls === null) return connected.socket;
  const secure = await tls.module.startTls(connected, { verifyName: req.tls.servername ?? url.hostname, insecure: req.tls.insecure, context: tls.context }, budget);
  // undici replaces a TLS alert that ends the connection (a client certificate refused) with "other side closed": keep it.
  place.tlsError = null;
  secure.on('error', (error: unknown) => {
    if (isTlsLibraryError(error)) place.tlsError = error;
  });
  return secure;
}

function headerList(headers: Check['headers']): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name] = Array.isArray(value) ? value : String(value);
  return out;
}

/** undici's errors in node:http's terms, so that one mapping (responseFailure) words both alike. */
function asNodeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const code = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  // undici says "other side closed" where node:http says ECONNRESET "socket hang up".
  if (code === 'UND_ERR_SOCKET') return Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
  // undici's parser names no llhttp code for some answers that are not HTTP at all.
  if (error.name === 'HTTPParserError') return Object.assign(new Error(error.message), { code: code ?? 'HPE_INVALID_RESPONSE', reason: error.message });
  return error;
}

interface Exchange {
  control: StageControl;
  resolve(answer: Exchanged): void;
  reject(error: unknown): void;
}

/** One request over the place's kept connection (opened first when there is none), read whole within the budget. */
function exchangeKept(check: Check, url: URL, { client, now: place }: Place): Promise<Exchanged> {
  const { req, budget } = check;
  const started = performance.now();
  let status = 0;
  let statusText = '';
  let headers: Exchanged['headers'] = {};
  let headersDone = false;
  const chunks: Buffer[] = [];
  let size = 0;
  return new Promise<Exchanged>((resolve, reject) => {
    let running: Exchange | null = null;
    const where = (): string => place.address ?? url.host;
    const failure = (error: unknown): unknown =>
      error instanceof HealthctlError ? error : responseFailure(place.tlsError ?? asNodeError(error), { phase: headersDone ? 'body' : 'first-byte', address: where(), headersDone }, budget.clock.snapshot());
    const tooLarge = (): HealthctlError =>
      new HealthctlError('bad-response', `response body larger than ${formatBytes(req.maxBodyBytes)} from ${where()}`, { phase: 'body', address: where(), timings: budget.clock.snapshot() });
    const handler: Dispatcher.DispatchHandler = {
      // The connection is open (or kept): from here on the deadline names the first byte, then the body.
      onRequestStart(controller) {
        runStage(budget, { phase: 'first-byte', address: where() }, (control) =>
          new Promise<Exchanged>((res, rej) => {
            control.onCancel(() => controller.abort(new Error('cancelled by the deadline or a signal')));
            running = { control, resolve: res, reject: rej };
          }),
        ).then(resolve, reject);
      },
      // Bytes arrived but not yet a whole header block: a timeout now says it was reading headers, as node:http's does.
      onResponseStarted() {
        running?.control.enter({ phase: 'body', address: where(), doing: 'reading headers from' });
      },
      onResponseStart(controller, statusCode, responseHeaders, statusMessage) {
        budget.clock.add('firstByte', performance.now() - started);
        headersDone = true;
        status = statusCode;
        statusText = statusMessage ?? '';
        headers = responseHeaders;
        running?.control.enter({ phase: 'body', address: where() });
        // A HEAD answer declares the length of a body it does not send.
        const declared = req.method === 'HEAD' ? 0 : Number(responseHeaders['content-length'] ?? '0');
        if (declared > req.maxBodyBytes) controller.abort(tooLarge());
      },
      onResponseData(controller, chunk) {
        size += chunk.length;
        if (size > req.maxBodyBytes) controller.abort(tooLarge());
        else chunks.push(chunk);
      },
      onResponseEnd() {
        running?.resolve({ status, statusText, headers, body: Buffer.concat(chunks, size) });
      },
      onResponseError(_controller, error) {
        if (running === null) reject(failure(error));
        else running.reject(failure(error));
      },
    };
    place.connected = false;
    client.dispatch({ path: `${url.pathname}${url.search}`, method: req.method, headers: headerList(check.headers), headersTimeout: 0, bodyTimeout: 0, ...(req.body === undefined ? {} : { body: req.body }) }, handler);
  });
}

/**
 * HTTP(S) checks over kept connections: one undici Client (one connection) per place, so a
 * fleet's or a watch's next refresh skips DNS, connect and TLS. Every guarantee of a single
 * probe holds, since only the exchange differs: the same redirect policy, body cap, decoding,
 * TLS verification, Unix sockets, phase-named errors and deadlines. No proxy: the Client
 * dials through healthctl's own connector, never an environment's proxy.
 */
export class KeptConnections {
  readonly #places = new Map<string, Place>();

  /** The same contract as httpRequest(). */
  readonly request = (req: HttpRequest, options: HttpRequestOptions = {}): Promise<HttpResponse> => httpRequest(req, options, this.#hop);

  readonly #hop: Hop = async (check, url) => {
    const place = this.#place(check, url);
    // Targets that share a place (paths of one origin) take turns: one connection each place, never two checks on it.
    const turn = place.queue;
    let done = (): void => undefined;
    place.queue = new Promise<void>((resolve) => {
      done = resolve;
    });
    await turn;
    place.now.check = check;
    try {
      return { answer: await this.#exchange(check, url, place), address: place.now.address ?? url.host };
    } finally {
      place.now.check = null;
      done();
    }
  };

  async #exchange(check: Check, url: URL, place: Place): Promise<Exchanged> {
    try {
      return await exchangeKept(check, url, place);
    } catch (error: unknown) {
      // A kept connection the server closed while idle fails before any answer: ask once more on a new one.
      const closedWhileIdle = !place.now.connected && error instanceof HealthctlError && error.outcome === 'unreachable' && error.phase === 'first-byte';
      if (!closedWhileIdle || performance.now() >= check.budget.deadline) throw error;
      return exchangeKept(check, url, place);
    }
  }

  #place(check: Check, url: URL): Place {
    const key = placeKey(check.req, url);
    const known = this.#places.get(key);
    if (known !== undefined) return known;
    const now: PlaceState = { check: null, address: null, connected: false, tlsError: null };
    const client = new Client(url.origin, {
      pipelining: 1,
      headersTimeout: 0,
      bodyTimeout: 0,
      connect: (_options, callback) => {
        const current = now.check;
        if (current === null) {
          callback(new Error('no check is waiting for this connection'), null);
          return;
        }
        openSocket(current, url, now).then(
          (socket) => callback(null, socket),
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), null),
        );
      },
    });
    const place: Place = { client, now, queue: Promise.resolve() };
    this.#places.set(key, place);
    return place;
  }

  /** Closes every kept connection. */
  async close(): Promise<void> {
    await Promise.all([...this.#places.values()].map((p) => p.client.destroy()));
    this.#places.clear();
  }
}

