import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { formatAddress } from '../base/addresses.js';
import { CONTROL_PREFIX, controlName, parseControlBody, RELEASE_PREFIX } from './control.js';
import { renderProbe, renderStatus, toWire, type ProbeEndpoint } from './probes.js';
import type { HealthReporter } from './reporter.js';

/** Options for {@link serveHealth}. */
export interface ServeHealthOptions {
  /** Address to bind; default `127.0.0.1`, as Pomerium's health server. */
  host?: string | undefined;
  /** Port to bind; default 28080, `0` picks a free one. */
  port?: number | undefined;
  /**
   * Adds `PUT` and `DELETE /control/components/NAME` so other processes can drive states.
   * Unauthenticated: only for tests, demos and loopback. Default false.
   */
  control?: boolean | undefined;
  /**
   * With `control`, adds `POST /control/release/NAME`, which calls this to hand NAME back to
   * what drives the reporter, e.g. `scenario.release`; true when NAME had been taken over.
   */
  release?: ((name: string) => boolean) | undefined;
}

/** A listening health server; see {@link serveHealth}. */
export interface HealthServer {
  /** The host it was asked to bind. */
  readonly host: string;
  /** The port it listens on (the real one when `port: 0` was asked). */
  readonly port: number;
  /** Base URL, e.g. `http://127.0.0.1:28080`; IPv6 hosts are bracketed. */
  readonly url: string;
  /**
   * Stops accepting connections, closes idle ones, gives requests in flight a second to
   * finish, and resolves once the listener is gone. Safe to call more than once.
   */
  close(): Promise<void>;
}

// Pomerium's server lets Go sniff the type, which makes its JSON `text/plain`
const TEXT = 'text/plain; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';
const MAX_CONTROL_BODY = 64 * 1024;
const CLOSE_GRACE_MS = 1000;
const DEFAULT_PORT = 28080;

/**
 * Serves Pomerium's health endpoints for `health`: `GET`/`HEAD` `/status` (every report and
 * the required `checks`), and `/startupz`, `/readyz`, `/healthz` (the required checks only;
 * 200 when the probe passes, 503 otherwise). Any other path answers 404.
 * Rejects with the listen error (e.g. `EADDRINUSE`) when the port cannot be bound.
 */
export async function serveHealth(health: HealthReporter, options: ServeHealthOptions = {}): Promise<HealthServer> {
  const host = options.host ?? '127.0.0.1';
  const control = options.control ?? false;
  const release = control ? (options.release ?? null) : null;
  const requestedPort = options.port ?? DEFAULT_PORT;
  const server = createServer((req, res) => {
    handle(health, { control, release }, req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else send(req, res, 500, `${error instanceof Error ? error.message : String(error)}\n`);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port: requestedPort }, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : requestedPort;
  let closing: Promise<void> | undefined;
  return {
    host,
    port,
    url: `http://${formatAddress(host, port)}`,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
        force.unref();
        server.close((error) => {
          clearTimeout(force);
          if (error === undefined) resolve();
          else reject(error);
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}

interface Controls {
  control: boolean;
  release: ((name: string) => boolean) | null;
}

async function handle(
  health: HealthReporter,
  { control, release }: Controls,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const target = req.url ?? '/';
  const query = target.indexOf('?');
  const path = query === -1 ? target : target.slice(0, query);

  if (path === '/status' || isProbeEndpoint(path)) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(req, res, 405, 'method not allowed: use GET or HEAD\n', TEXT, { allow: 'GET, HEAD' });
      return;
    }
    const snapshot = health.snapshot();
    if (path === '/status') {
      send(req, res, 200, renderStatus(snapshot));
      return;
    }
    const probe = renderProbe(path, snapshot);
    send(req, res, probe.pass ? 200 : 503, probe.body);
    return;
  }
  if (control && path.startsWith(CONTROL_PREFIX)) {
    await handleControl(health, path, req, res);
    return;
  }
  if (release !== null && path.startsWith(RELEASE_PREFIX)) {
    handleRelease(health, release, path, req, res);
    return;
  }
  send(req, res, 404, '404 page not found\n');
}

async function handleControl(
  health: HealthReporter,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const name = controlName(path);
  if (name === null) {
    send(req, res, 400, `missing or malformed component name: expected ${CONTROL_PREFIX}NAME\n`);
    return;
  }
  if (req.method === 'DELETE') {
    if (health.forget(name)) send(req, res, 204, '');
    else send(req, res, 404, `component ${JSON.stringify(name)} has not been reported\n`);
    return;
  }
  if (req.method !== 'PUT') {
    send(req, res, 405, 'method not allowed: use PUT or DELETE\n', TEXT, { allow: 'PUT, DELETE' });
    return;
  }
  const body = await readBody(req, MAX_CONTROL_BODY);
  if (body === null) {
    send(req, res, 413, `body larger than ${MAX_CONTROL_BODY} bytes\n`, TEXT, { connection: 'close' });
    return;
  }
  const parsed = parseControlBody(body);
  if (!parsed.ok) {
    send(req, res, 400, `${parsed.error}\n`);
    return;
  }
  const state = health.report(name, parsed.report);
  send(req, res, 200, JSON.stringify({ name, ...toWire(state) }), JSON_TYPE);
}

function handleRelease(
  health: HealthReporter,
  release: (name: string) => boolean,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const name = controlName(path, RELEASE_PREFIX);
  if (name === null) {
    send(req, res, 400, `missing or malformed component name: expected ${RELEASE_PREFIX}NAME\n`);
    return;
  }
  if (req.method !== 'POST') {
    send(req, res, 405, 'method not allowed: use POST\n', TEXT, { allow: 'POST' });
    return;
  }
  const released = release(name);
  const state = health.get(name);
  send(req, res, 200, JSON.stringify({ name, released, ...(state === undefined ? { status: null } : toWire(state)) }), JSON_TYPE);
}

function isProbeEndpoint(path: string): path is ProbeEndpoint {
  return path === '/startupz' || path === '/readyz' || path === '/healthz';
}

/** The body as UTF-8, or null when it is larger than `limit` bytes. */
function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) resolve(null);
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
    // a client that hangs up mid-body; after 'end' this reject is a no-op
    req.on('close', () => reject(new Error('request closed before its body was complete')));
  });
}

function send(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: string,
  contentType = TEXT,
  headers: Record<string, string> = {},
): void {
  const bytes = Buffer.from(body, 'utf8');
  const entity = { 'content-type': contentType, 'content-length': bytes.length };
  res.writeHead(status, status === 204 ? headers : { ...headers, ...entity });
  res.end(req.method === 'HEAD' || status === 204 ? undefined : bytes);
}
