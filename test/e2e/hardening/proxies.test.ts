import { createServer, type Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGrpcServer, type GrpcTestServer } from '../../helpers/grpc-server.js';
import { fakeProxy, httpServer, httpsServer, type HostileServer } from '../../helpers/hostile-servers.js';
import { makeTestCerts } from '../../unit/transport/certs.js';
import { run } from './support.js';

// The service says DOWN; the proxy would say UP. A probe that went through the proxy passes.
const DOWN = '{"status":"DOWN","components":{"db":{"status":"DOWN"}}}';

let proxy: HostileServer;
let loopback: HostileServer;
let tls: HostileServer;
let unix: Server;
let unixPath = '';
let grpc: GrpcTestServer;
/** Listening on every interface, reached through this machine's first non-loopback IPv4 address. */
let external: HostileServer | null = null;
let externalIp: string | null = null;

const proxyEnv = (): NodeJS.ProcessEnv => {
  const url = proxy.url;
  return {
    HTTP_PROXY: url,
    HTTPS_PROXY: url,
    ALL_PROXY: url,
    http_proxy: url,
    https_proxy: url,
    all_proxy: url,
    grpc_proxy: url,
    // Node 24 reads the variables itself when this is set; healthctl's own sockets must not care.
    NODE_USE_ENV_PROXY: '1',
  };
};

beforeAll(async () => {
  proxy = await fakeProxy();
  const down = (res: import('node:http').ServerResponse): void => {
    res.statusCode = 503;
    res.setHeader('Content-Type', 'application/json');
    res.end(DOWN);
  };
  loopback = await httpServer((_req, res) => down(res));
  tls = await httpsServer(makeTestCerts().server, DOWN);
  unixPath = join(mkdtempSync(join(tmpdir(), 'healthctl-proxy-')), 'app.sock');
  unix = createServer((_req, res) => down(res));
  await new Promise<void>((resolve) => unix.listen(unixPath, resolve));
  grpc = await startGrpcServer({ statuses: { '': 2 } });
  externalIp = Object.values(networkInterfaces()).flat().find((a) => a !== undefined && a.family === 'IPv4' && !a.internal)?.address ?? null;
  if (externalIp !== null) external = await httpServer((_req, res) => down(res), '0.0.0.0');
});
afterAll(async () => {
  await Promise.all([proxy.close(), loopback.close(), tls.close(), grpc.close(), external?.close(), new Promise((resolve) => unix.close(resolve))]);
});

describe.concurrent('proxy variables never redirect a check', () => {
  const cases: Array<[string, () => string[], number]> = [
    ['http to 127.0.0.1', () => [`${loopback.url}/actuator/health`], 4],
    ['http to localhost', () => [`http://localhost:${loopback.port}/actuator/health`], 4],
    ['https to 127.0.0.1', () => [`${tls.url}/actuator/health`, '--insecure'], 4],
    ['http over a Unix socket', () => ['http://localhost/actuator/health', '--unix-socket', unixPath], 4],
    ['grpc to 127.0.0.1', () => [`grpc://127.0.0.1:${grpc.port}`], 4],
    // healthctl resolves names itself: a proxy would have answered UP for a name that does not exist.
    ['http to a name that does not resolve', () => ['http://nonexistent.invalid/actuator/health'], 2],
  ];
  for (const [what, args, code] of cases) {
    it(`${what}: healthctl connects itself, the proxy sees nothing`, async () => {
      const r = await run(['probe', ...args(), '--runtime', 'plain', '--timeout', '3s'], { env: proxyEnv() });
      expect(r.code, r.stdout + r.stderr).toBe(code);
      expect(proxy.hits).toBe(0);
    });
  }

  it('http to a non-loopback address of this machine: direct, not through the proxy', async (context) => {
    if (external === null || externalIp === null) return context.skip('this machine has no non-loopback IPv4 address');
    const before = external.hits;
    const r = await run(['probe', `http://${externalIp}:${external.port}/actuator/health`, '--runtime', 'plain', '--timeout', '3s'], { env: proxyEnv() });
    expect(r.code, r.stdout + r.stderr).toBe(4);
    expect(external.hits).toBeGreaterThan(before);
    expect(proxy.hits).toBe(0);
  });
});
