import { request as clientRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import { HealthctlError, usageError } from '../errors.js';
import { ignoreError } from './connect.js';
import { runStage, type Budget } from './deadline.js';
import { formatBytes } from './format-address.js';
import { responseFailure } from './net-errors.js';
import type { NetPhase } from './types.js';

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

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// What node:http itself refuses in a value; checked here so its error (which may quote the value) never happens.
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
  method: 'GET' | 'HEAD';
  headers: OutgoingHttpHeaders;
  maxBodyBytes: number;
}

/** Sends one request over an open socket and reads the whole response, within the budget. */
export async function exchange(input: ExchangeInput, budget: Budget): Promise<Exchanged> {
  const { socket, address } = input;
  const started = performance.now();
  let firstByteSeen = false;
  const sawFirstByte = (): void => {
    if (firstByteSeen) return;
    firstByteSeen = true;
    budget.clock.add('firstByte', performance.now() - started);
  };

  return runStage(budget, { phase: 'first-byte', address }, (control) =>
    new Promise<Exchanged>((resolve, reject) => {
      let phase: NetPhase = 'first-byte';
      let headersDone = false;
      const request = clientRequest({
        // node:http never reads HTTP_PROXY/NO_PROXY, so proxy variables cannot redirect a probe.
        createConnection: () => socket,
        method: input.method,
        path: `${input.url.pathname}${input.url.search}`,
        headers: input.headers,
        setHost: false,
      });
      const fail = (error: unknown): void => {
        request.destroy();
        socket.destroy();
        const where = { phase, address, headersDone };
        reject(error instanceof HealthctlError ? error : responseFailure(error, where, budget.clock.snapshot()));
      };
      const tooLarge = (): HealthctlError =>
        new HealthctlError('bad-response', `response body larger than ${formatBytes(input.maxBodyBytes)} from ${address}`, {
          phase: 'body',
          address,
          timings: budget.clock.snapshot(),
        });

      request.on('error', ignoreError);
      request.on('error', fail);
      control.onCancel(() => {
        request.destroy();
        socket.destroy();
      });
      // 'socket' comes after node:http attached its own reader, so this listener cannot steal bytes from it.
      request.once('socket', (s: Socket) => {
        s.once('data', () => {
          sawFirstByte();
          // node:http parses before this listener runs: a whole header block has already moved on to the body.
          if (headersDone) return;
          phase = 'body';
          control.enter({ phase, address, doing: 'reading headers from' });
        });
      });
      request.once('response', (response) => {
        sawFirstByte();
        phase = 'body';
        headersDone = true;
        control.enter({ phase, address });
        // A HEAD answer declares the length of a body it does not send.
        const declared = input.method === 'HEAD' ? 0 : Number(response.headers['content-length'] ?? '0');
        if (declared > input.maxBodyBytes) return fail(tooLarge());
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('error', ignoreError);
        response.on('error', fail);
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > input.maxBodyBytes) fail(tooLarge());
          else chunks.push(chunk);
        });
        response.once('end', () => {
          socket.destroy();
          resolve({
            status: response.statusCode ?? 0,
            statusText: response.statusMessage ?? '',
            headers: response.headers,
            body: Buffer.concat(chunks, size),
          });
        });
      });
      request.end();
    }),
  );
}
