import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { makeCertificate, opensslMissing, SERVING_STATUS, startGrpcServer, type GrpcTestServer, type TestCertificate } from '../../helpers/grpc-server.js';

const { SERVING, NOT_SERVING } = SERVING_STATUS;
const dir = mkdtempSync(join(tmpdir(), 'hc-grpc-unix-'));
const socket = join(dir, 'health.sock');
const tlsSocket = join(dir, 'tls.sock');
let server: GrpcTestServer;
let tls: GrpcTestServer | null = null;
let cert: TestCertificate | null = null;

beforeAll(async () => {
  server = await startGrpcServer({ unixSocket: socket, statuses: { '': SERVING, 'app.Down': NOT_SERVING } });
  if ((await opensslMissing()) === null) {
    cert = await makeCertificate('containerd.test');
    tls = await startGrpcServer({ unixSocket: tlsSocket, tls: { cert: cert.cert, key: cert.key } });
  }
});
afterAll(async () => {
  await Promise.all([server.close(), tls?.close(), cert?.remove()]);
  rmSync(dir, { recursive: true, force: true });
});

describe('--unix-socket with a grpc:// URL: gRPC over a Unix stream socket', () => {
  it.each([
    ['plain', 0],
    ['kubernetes', 0],
    ['docker', 0],
    ['nagios', 0],
  ] as const)('a SERVING server answers under %s; the address is unix:PATH', async (runtime, code) => {
    const r = await runCli(['probe', 'grpc://localhost', '--unix-socket', socket, '--runtime', runtime, '-o', 'json']);
    expect(r.code, r.stdout + r.stderr).toBe(code);
    expect(JSON.parse(r.stdout)).toMatchObject({ target: 'grpc://localhost', format: 'grpc', outcome: 'pass', address: `unix:${socket}` });
  });

  it.each([
    ['plain', 4],
    ['docker', 1],
    ['nagios', 2],
  ] as const)('NOT_SERVING over the socket fails under %s', async (runtime, code) => {
    const r = await runCli(['probe', 'grpc://localhost/app.Down', '--unix-socket', socket, '--runtime', runtime]);
    expect(r.code).toBe(code);
    expect(r.stdout).toContain('app.Down failed: NOT_SERVING');
  });

  it("the URL's host (and port, when given) is only the :authority the server sees", async () => {
    const before = server.authorities.length;
    expect((await runCli(['probe', 'grpc://containerd', '--unix-socket', socket, '--runtime', 'plain'])).code).toBe(0);
    expect((await runCli(['probe', 'grpc://sidecar.local:9000/app.Down', '--unix-socket', socket, '--runtime', 'plain'])).code).toBe(4);
    const seen = new Set(server.authorities.slice(before));
    expect(seen).toEqual(new Set(['containerd', 'sidecar.local:9000']));
  });

  it('HEALTHCTL_UNIX_SOCKET and HEALTHCTL_TARGET set it from the environment', async () => {
    const r = await runCli(['probe', '--runtime', 'plain'], { env: { HEALTHCTL_UNIX_SOCKET: socket, HEALTHCTL_TARGET: 'grpc://localhost' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/READY: 1 of 1 component ready/);
  });

  it('wait polls over the socket until the service turns SERVING', async () => {
    server.setStatus('app.Later', NOT_SERVING);
    const waiting = runCli(['wait', 'grpc://localhost/app.Later', '--unix-socket', socket, '--runtime', 'plain', '--timeout', '15s', '--interval', '200ms']);
    while (!server.checked.includes('app.Later')) await new Promise((r) => setTimeout(r, 20));
    server.setStatus('app.Later', SERVING);
    const r = await waiting;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('app.Later failed: NOT_SERVING');
  });

  it('diagnose names the socket as the address', async () => {
    const r = await runCli(['diagnose', 'grpc://localhost', '--unix-socket', socket, '-o', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ report: { address: `unix:${socket}`, outcome: 'pass' } });
  });

  it('run drives readiness from the socket', async () => {
    const r = await runCli(['run', '--runtime', 'plain', '--unix-socket', socket, '--target', 'grpc://localhost', '--', process.execPath, '-e', 'setTimeout(() => {}, 1500)']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('READY: 1 of 1 component ready');
  });

  it('grpcs:// over the socket: the URL host is the TLS name the certificate must carry', async (context) => {
    if (tls === null || cert === null) return context.skip();
    const ok = await runCli(['probe', 'grpcs://containerd.test', '--unix-socket', tlsSocket, '--cacert', cert.certPath, '--runtime', 'plain']);
    expect(ok.code, ok.stdout).toBe(0);
    const wrong = await runCli(['probe', 'grpcs://localhost', '--unix-socket', tlsSocket, '--cacert', cert.certPath, '--runtime', 'plain']);
    expect(wrong.code).toBe(2);
    expect(wrong.stdout).toContain(`from unix:${tlsSocket}`);
    expect(wrong.stdout).toContain('ERR_TLS_CERT_ALTNAME_INVALID');
  });
});

describe('--unix-socket errors for gRPC targets', () => {
  it('a missing socket is unreachable, naming unix:PATH and why', async () => {
    const r = await runCli(['probe', 'grpc://localhost', '--unix-socket', join(dir, 'missing.sock'), '--runtime', 'plain']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(`cannot connect to unix:${join(dir, 'missing.sock')}: no such socket (ENOENT)`);
  });

  it('a regular file is named as such', async () => {
    const file = join(dir, 'not-a-socket');
    writeFileSync(file, 'x');
    const r = await runCli(['probe', 'grpc://localhost', '--unix-socket', file, '--runtime', 'plain']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(`cannot connect to unix:${file}: a regular file, not a socket`);
  });

  it('a path longer than a Unix socket address holds is a usage error, never a connection to its prefix', async () => {
    const long = `${dir}/${'x'.repeat(120)}.sock`;
    const r = await runCli(['probe', 'grpc://localhost', '--unix-socket', long, '--runtime', 'plain']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--unix-socket: the path is \d+ bytes, longer than the 107/);
  });

  it('grpc:// without a port needs --unix-socket; tcp:// never takes one', async () => {
    const noPort = await runCli(['probe', 'grpc://localhost', '--runtime', 'plain']);
    expect(noPort.code).toBe(1);
    expect(noPort.stderr).toContain('grpc:// needs a port (grpc://host:port[/service]), or --unix-socket PATH');
    const tcp = await runCli(['probe', 'tcp://localhost:1', '--unix-socket', socket, '--runtime', 'plain']);
    expect(tcp.code).toBe(1);
    expect(tcp.stderr).toContain('--unix-socket needs an http(s):// or grpc(s):// target');
  });
});
