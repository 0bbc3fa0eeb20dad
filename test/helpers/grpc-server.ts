import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server as NetServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Server, ServerCredentials, status, type Metadata, type ServiceDefinition } from '@grpc/grpc-js';
import {
  decodeCheckRequest,
  decodeCheckResponse,
  decodeListResponse,
  encodeCheckRequest,
  encodeCheckResponse,
  encodeListRequest,
  encodeListResponse,
} from '../../src/transport/grpc-codec.js';

export { SERVING_STATUS } from '../../src/transport/grpc-codec.js';

export interface GrpcServerOptions {
  /** Service name → ServingStatus number; `''` is the whole server. */
  statuses?: Record<string, number>;
  /** Register grpc.health.v1 at all (false: every call is UNIMPLEMENTED). */
  health?: boolean;
  /** Implement List too (older servers only have Check). */
  list?: boolean;
  /** Check never answers: the call runs into the deadline. */
  hang?: boolean;
  tls?: { cert: Buffer; key: Buffer; clientCa?: Buffer };
  /** 0 (any free port) unless a fixed one is needed. */
  port?: number;
  /** Listen on this Unix socket instead of 127.0.0.1. */
  unixSocket?: string;
  /** Services whose Check handler answers an error status instead of a ServingStatus. */
  errors?: Record<string, { code: number; details: string }>;
  /** How List behaves: answers (default), never answers, or answers with this many services (a large message). */
  listAnswer?: 'normal' | 'hang' | { services: number };
}

export interface GrpcTestServer {
  port: number;
  setStatus(service: string, status: number): void;
  /** Metadata of every call received, in order. */
  metadata: Metadata[];
  /** The service of every Check received, in order. */
  checked: string[];
  /** The :authority of every call received, in order. */
  authorities: string[];
  setError(service: string, error: { code: number; details: string } | null): void;
  close(): Promise<void>;
}

function healthDefinition(list: boolean): ServiceDefinition {
  const check = {
    path: '/grpc.health.v1.Health/Check',
    requestStream: false,
    responseStream: false,
    requestSerialize: (r: { service: string }) => encodeCheckRequest(r.service),
    // grpc-js drops a falsy request as "no request message", and '' is the whole server.
    requestDeserialize: (b: Buffer) => ({ service: decodeCheckRequest(b) }),
    responseSerialize: encodeCheckResponse,
    responseDeserialize: decodeCheckResponse,
  };
  if (!list) return { Check: check };
  const listMethod = {
    path: '/grpc.health.v1.Health/List',
    requestStream: false,
    responseStream: false,
    requestSerialize: encodeListRequest,
    requestDeserialize: () => ({}),
    responseSerialize: encodeListOnce,
    responseDeserialize: decodeListResponse,
  };
  return { Check: check, List: listMethod };
}

const encodedLists = new WeakMap<ReadonlyMap<string, number>, Buffer>();

/** A large List answer is encoded once, so the server's own work does not delay its Check answers. */
function encodeListOnce(statuses: ReadonlyMap<string, number>): Buffer {
  const known = encodedLists.get(statuses);
  if (known !== undefined) return known;
  const encoded = encodeListResponse(statuses);
  encodedLists.set(statuses, encoded);
  return encoded;
}

interface IncomingCall<T> {
  request: T;
  metadata: Metadata;
  getHost(): string;
}

/** A List answer of `count` services with 40-character names: about 50 bytes each on the wire. */
function manyServices(count: number): Map<string, number> {
  const services = new Map<string, number>();
  for (let i = 0; i < count; i += 1) services.set(`app.generated.Service${String(i).padStart(19, '0')}`, 1);
  return services;
}

/** A real @grpc/grpc-js server on 127.0.0.1, port 0 (or a Unix socket), implementing grpc.health.v1 with the project's codec. */
export async function startGrpcServer(options: GrpcServerOptions = {}): Promise<GrpcTestServer> {
  const statuses = new Map(Object.entries(options.statuses ?? { '': 1 }));
  const errors = new Map(Object.entries(options.errors ?? {}));
  const listAnswer = options.listAnswer ?? 'normal';
  const bigList = typeof listAnswer === 'object' ? manyServices(listAnswer.services) : new Map<string, number>();
  encodeListOnce(bigList);
  const metadata: Metadata[] = [];
  const checked: string[] = [];
  const authorities: string[] = [];
  const server = new Server();
  if (options.health !== false) {
    server.addService(healthDefinition(options.list ?? true), {
      Check: (call: IncomingCall<{ service: string }>, callback: (error: { code: number; details: string } | null, value?: number) => void) => {
        metadata.push(call.metadata);
        authorities.push(call.getHost());
        checked.push(call.request.service);
        if (options.hang === true) return;
        const error = errors.get(call.request.service);
        const found = statuses.get(call.request.service);
        if (error !== undefined) callback(error);
        else if (found === undefined) callback({ code: status.NOT_FOUND, details: 'unknown service' });
        else callback(null, found);
      },
      List: (call: IncomingCall<unknown>, callback: (error: null, value: Map<string, number>) => void) => {
        metadata.push(call.metadata);
        authorities.push(call.getHost());
        if (options.hang === true || listAnswer === 'hang') return;
        callback(null, listAnswer === 'normal' ? new Map(statuses) : bigList);
      },
    });
  }
  const credentials =
    options.tls === undefined
      ? ServerCredentials.createInsecure()
      : ServerCredentials.createSsl(options.tls.clientCa ?? null, [{ private_key: options.tls.key, cert_chain: options.tls.cert }], options.tls.clientCa !== undefined);
  const address = options.unixSocket === undefined ? `127.0.0.1:${options.port ?? 0}` : `unix:${options.unixSocket}`;
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(address, credentials, (error, bound) => (error === null ? resolve(bound) : reject(error)));
  });
  return {
    port,
    metadata,
    checked,
    authorities,
    setStatus: (service, value) => statuses.set(service, value),
    setError: (service, error) => (error === null ? errors.delete(service) : errors.set(service, error)),
    close: () =>
      new Promise<void>((resolve) => {
        server.forceShutdown();
        resolve();
      }),
  };
}

/** A listener that accepts connections and never speaks: the HTTP/2 handshake never completes. */
export async function startSilentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: NetServer = createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface TestCertificate {
  dir: string;
  certPath: string;
  keyPath: string;
  cert: Buffer;
  key: Buffer;
  remove(): Promise<void>;
}

/** A self-signed certificate for `localhost` and 127.0.0.1, made by openssl for this test run. */
export async function makeCertificate(commonName = 'localhost'): Promise<TestCertificate> {
  const dir = await mkdtemp(join(tmpdir(), 'healthctl-grpc-tls-'));
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  await promisify(execFile)('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
    '-subj', `/CN=${commonName}`, '-addext', `subjectAltName=DNS:${commonName},IP:127.0.0.1`,
    '-keyout', keyPath, '-out', certPath,
  ]);
  return {
    dir,
    certPath,
    keyPath,
    cert: await readFile(certPath),
    key: await readFile(keyPath),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Why openssl cannot make certificates here, or null. */
export async function opensslMissing(): Promise<string | null> {
  try {
    await promisify(execFile)('openssl', ['version']);
    return null;
  } catch {
    return 'openssl is not installed';
  }
}
