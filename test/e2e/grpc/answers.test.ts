import { createServer as createHttp2Server, type Http2Server } from 'node:http2';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { status } from '@grpc/grpc-js';
import { runCli } from '../../helpers/cli.js';
import { httpServer, silentServer, type HostileServer } from '../../helpers/hostile-servers.js';
import { SERVING_STATUS, startGrpcServer, type GrpcTestServer } from '../../helpers/grpc-server.js';

const RUNTIMES = [
  ['plain', { fail: 4, bad: 3, timeout: 3, unreachable: 2 }],
  ['kubernetes', { fail: 4, bad: 3, timeout: 3, unreachable: 2 }],
  ['docker', { fail: 1, bad: 1, timeout: 1, unreachable: 1 }],
  ['nagios', { fail: 2, bad: 3, timeout: 2, unreachable: 2 }],
] as const;

let server: GrpcTestServer;
let http1: HostileServer;
let silent: HostileServer;
let dropping: { port: number; close(): void };

/** An HTTP/2 server that sends gRPC response headers, then drops the connection: a call that really was lost. */
async function startDroppingServer(): Promise<{ port: number; close(): void }> {
  const sockets = new Set<Socket>();
  const h2: Http2Server = createHttp2Server();
  h2.on('connection', (socket: Socket) => sockets.add(socket));
  h2.on('stream', (stream) => {
    stream.respond({ ':status': 200, 'content-type': 'application/grpc' });
    setTimeout(() => sockets.forEach((s) => s.destroy()), 20);
  });
  await new Promise<void>((resolve) => h2.listen(0, '127.0.0.1', resolve));
  const address = h2.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return { port: address.port, close: () => h2.close() };
}

beforeAll(async () => {
  server = await startGrpcServer({
    statuses: { '': SERVING_STATUS.SERVING, 'app.Ok': SERVING_STATUS.SERVING },
    errors: {
      'app.Warming': { code: status.UNAVAILABLE, details: 'warming up: 3 of 5 shards loaded' },
      'app.Broken': { code: status.INTERNAL, details: 'health handler failed: db pool closed' },
      'app.Secret': { code: status.PERMISSION_DENIED, details: 'missing scope health.read' },
      'app.Login': { code: status.UNAUTHENTICATED, details: 'no token' },
    },
  });
  http1 = await httpServer((_req, res) => res.end('plain HTTP'));
  silent = await silentServer();
  dropping = await startDroppingServer();
});
afterAll(async () => {
  dropping.close();
  await Promise.all([server.close(), http1.close(), silent.close()]);
});

const target = (service: string): string => `grpc://127.0.0.1:${server.port}/${service}`;

describe('an error status the server answered is its answer, not a lost connection', () => {
  it.each(RUNTIMES)('UNAVAILABLE from the health handler fails under %s, with the server\'s text', async (runtime, exit) => {
    const r = await runCli(['probe', target('app.Warming'), '--runtime', runtime]);
    expect(r.code).toBe(exit.fail);
    expect(r.stdout).toContain('app.Warming unavailable: answered UNAVAILABLE: warming up: 3 of 5 shards loaded');
    expect(r.stdout).not.toContain('lost');
  });

  it.each(['startup', 'liveness', 'readiness'] as const)('a server answering UNAVAILABLE fails --probe %s', async (probe) => {
    const r = await runCli(['probe', target('app.Warming'), '--runtime', 'plain', '--probe', probe, '-o', 'json']);
    expect(r.code).toBe(4);
    expect(JSON.parse(r.stdout)).toMatchObject({ outcome: 'fail', probes: { startup: 'fail', liveness: 'fail', readiness: 'fail' } });
  });

  it('INTERNAL from the handler is a fail carrying its text; other services still count', async () => {
    const r = await runCli(['probe', `grpc://127.0.0.1:${server.port}`, '--service', 'app.Ok', '--service', 'app.Broken', '--runtime', 'plain', '-o', 'json']);
    expect(r.code).toBe(4);
    const report = JSON.parse(r.stdout) as { summary: string; components: Array<{ name: string; verdict: string }> };
    expect(report.summary).toBe('NOT READY: 1 of 2 components not ready: app.Broken unavailable: answered INTERNAL: health handler failed: db pool closed');
    expect(report.components.filter((c) => c.name.startsWith('app.')).map((c) => [c.name, c.verdict])).toEqual([['app.Ok', 'pass'], ['app.Broken', 'fail']]);
  });

  it.each(RUNTIMES)('PERMISSION_DENIED is the check misconfigured: bad-response under %s, with the server\'s text', async (runtime, exit) => {
    const r = await runCli(['probe', target('app.Secret'), '--runtime', runtime]);
    expect(r.code).toBe(exit.bad);
    expect(r.stdout).toContain(`health call to 127.0.0.1:${server.port} answered PERMISSION_DENIED: missing scope health.read (check the credentials sent with -H)`);
  });

  it('UNAUTHENTICATED likewise', async () => {
    const r = await runCli(['probe', target('app.Login'), '--runtime', 'nagios']);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('answered UNAUTHENTICATED: no token');
  });

  it('a connection that really drops during the call is still unreachable', async () => {
    const r = await runCli(['probe', `grpc://127.0.0.1:${dropping.port}`, '--runtime', 'plain']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(`connection to 127.0.0.1:${dropping.port} lost during the call`);
  });
});

describe('peers that are not gRPC servers', () => {
  it.each(RUNTIMES)('a grpc:// port that answers HTTP/1.1 is bad-response under %s', async (runtime, exit) => {
    const r = await runCli(['probe', `grpc://127.0.0.1:${http1.port}`, '--runtime', runtime]);
    expect(r.code).toBe(exit.bad);
    expect(r.stdout).toContain(`127.0.0.1:${http1.port} answers HTTP/1.1, not gRPC/HTTP2`);
  });

  it('a stalled TLS handshake on grpcs:// names the TLS phase when the deadline runs out', async () => {
    const r = await runCli(['probe', `grpcs://127.0.0.1:${silent.port}`, '--runtime', 'kubernetes', '-o', 'json']);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout)).toMatchObject({ outcome: 'timeout', error: `timeout after 800ms during TLS handshake with 127.0.0.1:${silent.port}` });
  });
});
