import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import { formatBytes } from '../base/bytes.js';
import { HealthctlError, usageError } from '../base/errors.js';
import type { NetPhase } from '../base/timings.js';
import { runStage, type Budget } from './deadline.js';
import { ResponseReader, TOKEN } from './http-response.js';
import { responseFailure } from './net-errors.js';
import type { HttpMethod } from './types.js';

/** Sent as User-Agent. Without a version: reading package.json would cost the probe a file read. */
export const USER_AGENT = 'healthctl';

export const ACCEPT = 'application/health+json, application/json;q=0.9, text/plain;q=0.8, */*;q=0.5';

/** Health documents are small: asking for them uncompressed spares both sides the work (a coding sent anyway is still undone). */
export const ACCEPT_ENCODING = 'identity';

export interface Exchanged {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

// What HTTP does not allow in a header value; checked here so no error can quote the value.
const BAD_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

/**
 * The request headers: Host, User-Agent, Accept and Accept-Encoding unless the caller set them,
 * Basic auth from the URL's user-info unless an Authorization header is given.
 * Invalid headers are usage errors that name the header, never its value.
 */
export function buildHeaders(url: URL, given: ReadonlyArray<readonly [string, string]>): OutgoingHttpHeaders {
  const headers: Record<string, string | string[]> = {};
  const names = new Map<string, string>();
  for (const [name, value] of given) {
    // Never echoed: a missing colon puts the whole header, value and all, into the name.
    if (!TOKEN.test(name)) throw usageError("invalid header name (a token such as X-Api-Key; the header is not shown)");
    if (BAD_VALUE.test(value)) throw usageError(`invalid value for header ${name} (control character or line break)`);
    const key = names.get(name.toLowerCase()) ?? name;
    names.set(name.toLowerCase(), key);
    const previous = headers[key];
    headers[key] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  const fallback = (name: string, value: string): void => {
    if (!names.has(name.toLowerCase())) headers[name] = value;
  };
  fallback('Host', url.host);
  fallback('User-Agent', USER_AGENT);
  fallback('Accept', ACCEPT);
  fallback('Accept-Encoding', ACCEPT_ENCODING);
  if (url.username !== '' || url.password !== '') {
    const credentials = `${safeDecode(url.username)}:${safeDecode(url.password)}`;
    fallback('Authorization', `Basic ${Buffer.from(credentials).toString('base64')}`);
  }
  return headers;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export interface ExchangeInput {
  socket: Socket;
  address: string;
  url: URL;
  method: HttpMethod;
  headers: OutgoingHttpHeaders;
  maxBodyBytes: number;
  body?: string | undefined;
}

/**
 * The request's bytes, as node:http writes them without an agent: the headers in order, a list
 * as one line per value, and `Connection: close` unless the caller set Connection.
 */
export function requestHead(method: string, url: URL, headers: OutgoingHttpHeaders, body?: string): string {
  let head = `${method} ${url.pathname}${url.search} HTTP/1.1\r\n`;
  if (body !== undefined) head += `Content-Length: ${Buffer.byteLength(body)}\r\n`;
  for (const [name, value] of Object.entries(headers)) {
    for (const one of Array.isArray(value) ? value : [value]) if (one !== undefined) head += `${name}: ${String(one)}\r\n`;
  }
  if (!Object.keys(headers).some((name) => name.toLowerCase() === 'connection')) head += 'Connection: close\r\n';
  return `${head}\r\n`;
}

/**
 * Sends one request over an open socket and reads the whole response, within the budget.
 * A hand-written HTTP/1.1 exchange rather than node:http: a probe then loads one network module
 * (node:net) instead of node:http's client, parser and streams.
 */
export async function exchange(input: ExchangeInput, budget: Budget): Promise<Exchanged> {
  const { socket, address } = input;
  const started = performance.now();
  const reader = new ResponseReader(input.method);

  return runStage(budget, { phase: 'first-byte', address }, (control) =>
    new Promise<Exchanged>((resolve, reject) => {
      let phase: NetPhase = 'first-byte';
      const chunks: Buffer[] = [];
      let size = 0;
      const fail = (error: unknown): void => {
        socket.destroy();
        const where = { phase, address, headersDone: reader.head !== null };
        reject(error instanceof HealthctlError ? error : responseFailure(error, where, budget.clock.snapshot()));
      };
      const tooLarge = (): HealthctlError =>
        new HealthctlError('bad-response', `response body larger than ${formatBytes(input.maxBodyBytes)} from ${address}`, {
          phase: 'body',
          address,
          timings: budget.clock.snapshot(),
        });
      const finish = (): void => {
        const head = reader.head;
        if (head === null) return;
        socket.destroy();
        resolve({ status: head.status, statusText: head.statusText, headers: head.headers, body: Buffer.concat(chunks, size) });
      };

      socket.on('error', fail);
      control.onCancel(() => socket.destroy());
      socket.on('data', (data: Buffer) => {
        if (phase === 'first-byte') {
          budget.clock.add('firstByte', performance.now() - started);
          phase = 'body';
          control.enter({ phase, address, doing: 'reading headers from' });
        }
        const hadHead = reader.head !== null;
        let body: Buffer[];
        try {
          body = reader.push(data);
        } catch (error) {
          return fail(error);
        }
        const head = reader.head;
        if (!hadHead && head !== null) {
          control.enter({ phase, address });
          // A HEAD answer declares the length of a body it does not send.
          const declared = input.method === 'HEAD' ? 0 : Number(head.headers['content-length'] ?? '0');
          if (declared > input.maxBodyBytes) return fail(tooLarge());
        }
        for (const chunk of body) {
          size += chunk.length;
          if (size > input.maxBodyBytes) return fail(tooLarge());
          chunks.push(chunk);
        }
        if (reader.done) finish();
      });
      socket.on('end', () => {
        if (reader.end()) return finish();
        // As node:http says it: a close before the response is a hang-up, a close inside the body an abort.
        fail(Object.assign(new Error(reader.head === null ? 'socket hang up' : 'aborted'), { code: 'ECONNRESET' }));
      });
      // The head as node:http wrote it: latin1, one byte a character (header values may hold U+0080–U+00FF).
      socket.write(requestHead(input.method, input.url, input.headers, input.body), 'latin1');
      if (input.body !== undefined) socket.write(input.body);
    }),
  );
}
