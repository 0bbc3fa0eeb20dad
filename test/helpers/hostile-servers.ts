import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';

/** A server that misbehaves on purpose; `hits` counts the requests (or connections) it saw. */
export interface HostileServer {
  url: string;
  port: number;
  readonly hits: number;
  close(): Promise<void>;
}

function track(server: Server, host: string, scheme: 'http' | 'https', counter: { hits: number }): Promise<HostileServer> {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `${scheme}://${host}:${port}`,
        port,
        get hits() {
          return counter.hits;
        },
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

/**
 * A raw TCP server: reads the request head, then hands the socket to `answer`,
 * which writes whatever bytes it likes (or none).
 */
export function rawServer(answer: (socket: Socket, head: string) => void, host = '127.0.0.1'): Promise<HostileServer> {
  const counter = { hits: 0 };
  const server = createNetServer((socket) => {
    let head = '';
    const onData = (chunk: Buffer): void => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      counter.hits += 1;
      answer(socket, head);
    };
    socket.on('data', onData);
  });
  return track(server, host, 'http', counter);
}

/** An ordinary node:http server whose handler decides everything. */
export function httpServer(handler: (req: IncomingMessage, res: ServerResponse) => void, host = '127.0.0.1'): Promise<HostileServer> {
  const counter = { hits: 0 };
  const server = createHttpServer((req, res) => {
    counter.hits += 1;
    handler(req, res);
  });
  return track(server, host, 'http', counter);
}

export function httpsServer(pair: { cert: Buffer; key: Buffer }, body: string, host = '127.0.0.1'): Promise<HostileServer> {
  const counter = { hits: 0 };
  const server = createHttpsServer(pair, (_req, res) => {
    counter.hits += 1;
    res.setHeader('Content-Type', 'application/json');
    res.end(body);
  });
  server.on('tlsClientError', () => undefined);
  return track(server, host, 'https', counter);
}

const head = (status: string, headers: Record<string, string>): string =>
  `HTTP/1.1 ${status}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;

/** Accepts the connection and the request, and never says a word. */
export const silentServer = (): Promise<HostileServer> => rawServer(() => undefined);

/** Sends the header block one byte every `everyMs`, never finishing it. */
export const headerDripServer = (everyMs = 40): Promise<HostileServer> =>
  rawServer((socket) => {
    const text = head('200 OK', { 'Content-Type': 'application/json', 'X-Padding': 'x'.repeat(100_000) });
    let i = 0;
    const timer = setInterval(() => {
      if (socket.destroyed) return clearInterval(timer);
      socket.write(text.slice(i, i + 1));
      i += 1;
    }, everyMs);
    socket.on('close', () => clearInterval(timer));
  });

/** Complete headers, then a body one byte every `everyMs` that would end well after any deadline. */
export const bodyDripServer = (everyMs = 40): Promise<HostileServer> =>
  rawServer((socket) => {
    const body = `{"status":"UP"${' '.repeat(10_000)}}`;
    socket.write(head('200 OK', { 'Content-Type': 'application/json', 'Content-Length': String(body.length) }));
    let i = 0;
    const timer = setInterval(() => {
      if (socket.destroyed) return clearInterval(timer);
      socket.write(body.slice(i, i + 1));
      i += 1;
    }, everyMs);
    socket.on('close', () => clearInterval(timer));
  });

/**
 * A body of `totalBytes` of valid-looking JSON, written as fast as the client reads it:
 * with `declare` the size is in Content-Length, otherwise it is chunked with no size.
 */
export const hugeBodyServer = (totalBytes: number, declare: boolean): Promise<HostileServer> =>
  httpServer((_req, res) => {
    res.setHeader('Content-Type', 'application/json');
    const prefix = '{"status":"UP","components":{"big":{"status":"UP","details":{"blob":"';
    const suffix = '"}}}}';
    if (declare) res.setHeader('Content-Length', String(totalBytes));
    res.write(prefix);
    let left = totalBytes - prefix.length - suffix.length;
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const pump = (): void => {
      while (left > 0 && !res.destroyed) {
        const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
        left -= piece.length;
        if (!res.write(piece)) return void res.once('drain', pump);
      }
      if (!res.destroyed) res.end(suffix);
    };
    pump();
  });

/** Answers with exactly these bytes as the body. */
export const bytesServer = (status: number, contentType: string | null, body: Buffer | string): Promise<HostileServer> =>
  httpServer((_req, res) => {
    res.statusCode = status;
    if (contentType !== null) res.setHeader('Content-Type', contentType);
    res.end(body);
  });

/** Declares a body, sends part of it, then resets the connection (TCP RST) or just closes it. */
export const cutMidBodyServer = (how: 'reset' | 'close'): Promise<HostileServer> =>
  rawServer((socket) => {
    const body = '{"statuses":{"a":{"status":"RUNNING"},"b":{"status":"RUNNING"}},"checks":["a","b"]}';
    socket.write(head('200 OK', { 'Content-Type': 'application/json', 'Content-Length': String(body.length) }));
    socket.write(body.slice(0, 30), () => {
      setTimeout(() => (how === 'reset' ? socket.resetAndDestroy() : socket.end()), 20);
    });
  });

/** Redirects every request to `location(serverUrl)`. */
export async function redirectServer(location: (self: string) => string, status = 302): Promise<HostileServer> {
  let self = '';
  const server = await httpServer((_req, res) => {
    res.writeHead(status, { Location: location(self) });
    res.end();
  });
  self = server.url;
  return server;
}

/**
 * A forward proxy that answers every request (and CONNECT) with a passing health body,
 * so a probe that went through it would wrongly pass; `hits` must stay 0.
 */
export async function fakeProxy(): Promise<HostileServer> {
  const counter = { hits: 0 };
  const server = createHttpServer((_req, res) => {
    counter.hits += 1;
    res.setHeader('Content-Type', 'application/json');
    res.end('{"status":"UP"}');
  });
  server.on('connect', (_req, socket: Socket) => {
    counter.hits += 1;
    socket.end('HTTP/1.1 200 Connection Established\r\n\r\n');
  });
  // Count connections too: a client that connects and sends nothing must still show up.
  server.on('connection', () => {
    counter.hits += 1;
  });
  return track(server, '127.0.0.1', 'http', counter);
}

/** A Pomerium /status body with `n` required checks named by a compact counter, none reported. */
export function manyChecksBody(n: number, statuses: Record<string, { status: string; error?: string }>): string {
  const names = Array.from({ length: n }, (_, i) => `c${i.toString(36)}`);
  return JSON.stringify({ statuses, checks: [...names, ...Object.keys(statuses)] });
}

/** Answers every request with this status, these headers and exactly these bytes. */
export const headersServer = (status: number, headers: Record<string, string>, body: Buffer | string = ''): Promise<HostileServer> =>
  httpServer((_req, res) => {
    res.writeHead(status, headers);
    res.end(body);
  });

/**
 * Spring components nested `depth` levels deep, every level named `key` and carrying a DOWN
 * leaf, under an overall status that says UP: the dotted names add up to about depth² × key.
 */
export function nestedSpringBody(depth: number, key = 'a'): string {
  const level = `"${key}":{"status":"UP","components":{"l":{"status":"DOWN"},`;
  return `{"status":"UP","components":{${level.repeat(depth)}"z":{"status":"DOWN"}${'}}'.repeat(depth)}}}`;
}

/**
 * health+json whose one check has two entries, the first with a `componentId` of `idChars`
 * characters and `fields` other fields: each field's attribute name repeats the id.
 */
export function multiplyingNamesBody(idChars: number, fields: number): string {
  const many = Array.from({ length: fields }, (_, i) => `"${i.toString(36)}":1`).join(',');
  return `{"status":"pass","checks":{"db":[{"componentId":"${'i'.repeat(idChars)}",${many}},{"status":"fail"}]}}`;
}

/** A Pomerium /status body whose every name, error and attribute is one of `texts`; all pass when `passing`. */
export function hostileStatusBody(texts: readonly string[], passing = false): string {
  const statuses: Record<string, unknown> = {};
  for (const [i, text] of texts.entries()) {
    statuses[`c${i}:${text}`] = { status: 'RUNNING', ...(passing ? {} : { error: text }), attributes: [{ Key: text, Value: text }] };
  }
  return JSON.stringify({ statuses, checks: Object.keys(statuses) });
}

/**
 * A service whose component names, errors and attributes carry `texts` (escape sequences,
 * CR, bidi overrides, NUL, newlines, `|`); with `alternate`, every other answer passes, so a
 * watcher sees transitions quoting them.
 */
export function hostileTextServer(texts: readonly string[], alternate = false): Promise<HostileServer> {
  let answers = 0;
  return httpServer((_req, res) => {
    answers += 1;
    res.setHeader('Content-Type', 'text/plain');
    res.end(hostileStatusBody(texts, alternate && answers % 2 === 0));
  });
}

/** A Kubernetes `/readyz?verbose` text body whose check names carry raw control bytes, and a reason phrase that does too. */
export const hostileTextBodyServer = (texts: readonly string[]): Promise<HostileServer> =>
  rawServer((socket) => {
    // A check name is what follows [-] up to the first space; the rest of the line is the reason.
    const body = Buffer.from(`${texts.map((t, i) => `[-]k${i}\x1b[2J\u202e\0\x9b failed: ${t.replace(/\n/g, ' ')}`).join('\n')}\nreadyz check failed\n`, 'utf8');
    socket.end(Buffer.concat([Buffer.from(head('503 Not\x1b[2J Ready\x1b]52;c;Y3VybA==\x07', { 'Content-Type': 'text/plain', 'Content-Length': String(body.length), Connection: 'close' }), 'latin1'), body]));
  });

/** No body, and a reason phrase of raw bytes: escape sequences, a clipboard write, C1 controls and `|`. */
export const hostileReasonServer = (): Promise<HostileServer> =>
  rawServer((socket) => {
    socket.end(Buffer.from('HTTP/1.1 503 Bad\x1b[2J\x1b]52;c;Y3VybA==\x07\x9b31m \xe2\x80\xae | gone\r\nContent-Length: 0\r\nConnection: close\r\n\r\n', 'latin1'));
  });
