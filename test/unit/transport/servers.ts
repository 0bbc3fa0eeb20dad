import type { Server as HttpServer } from 'node:http';
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { HealthctlError } from '../../../src/base/errors.js';
import type { HttpRequest } from '../../../src/transport/types.js';

const open = new Set<Server | HttpServer>();
const sockets = new Set<Socket>();

/** Listens on port 0 and returns the port; every server is closed by closeAll(). */
export async function listen(server: Server | HttpServer, host = '127.0.0.1', ipv6Only = false): Promise<number> {
  open.add(server);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: 0, host, ipv6Only }, () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export async function listenPath(server: Server | HttpServer, path: string): Promise<void> {
  open.add(server);
  await new Promise<void>((resolve) => server.listen(path, () => resolve()));
}

export async function closeAll(): Promise<void> {
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  await Promise.all(
    [...open].map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
  );
  open.clear();
}

/** A TCP server that accepts and then runs `onSocket` (which may never answer). */
export function rawServer(onSocket: (socket: Socket) => void): Server {
  return createNetServer((socket) => {
    socket.on('error', () => undefined);
    onSocket(socket);
  });
}

/** A port nothing listens on: bound, read, closed. */
export async function closedPort(host = '127.0.0.1'): Promise<number> {
  const server = createNetServer();
  const port = await listen(server, host);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  open.delete(server);
  return port;
}

export async function ipv6Available(): Promise<boolean> {
  const server = createNetServer();
  return new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen({ port: 0, host: '::1' }, () => server.close(() => resolve(true)));
  });
}

export function makeRequest(url: string, overrides: Partial<HttpRequest> = {}, timeoutMs = 2000): HttpRequest {
  return {
    url: new URL(url),
    method: 'GET',
    headers: [],
    tls: { insecure: false, cacert: null, cert: null, key: null, servername: null },
    unixSocket: null,
    deadline: performance.now() + timeoutMs,
    maxBodyBytes: 1024 * 1024,
    maxRedirects: 5,
    signal: null,
    ...overrides,
  };
}

/** Awaits a rejection and checks it is a HealthctlError. */
export async function failure(promise: Promise<unknown>): Promise<HealthctlError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HealthctlError) return error;
    throw new Error(`expected a HealthctlError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected a failure, got a response');
}
