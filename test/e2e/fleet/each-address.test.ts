import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../../helpers/cli.js';
import { startGrpcServer } from '../../helpers/grpc-server.js';
import { REPLICA_HOSTS, startFleet, type TestFleet } from '../../helpers/fleet.js';
import { checkComponent } from '../../helpers/require-component.js';

/**
 * A name that resolves to three replicas, as a headless Service's does: healthctl runs in a
 * private mount namespace whose /etc/hosts (bind-mounted from a temporary file) maps
 * fleet.test to 127.0.0.1, 127.0.0.2 and 127.0.0.3.
 */
function unavailable(): string | null {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'needs root for unshare -m and mount';
  const probe = spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', 'mount --bind /etc/hostname /etc/hosts'], { encoding: 'utf8' });
  return probe.status === 0 ? null : `unshare -m cannot bind-mount here: ${(probe.stderr ?? '').trim()}`;
}
const skip = checkComponent('mountns', unavailable()) !== null;

const work = mkdtempSync(join(tmpdir(), 'healthctl-each-address-'));
const hostsFile = join(work, 'hosts');
writeFileSync(hostsFile, `127.0.0.1 localhost\n${REPLICA_HOSTS.map((h) => `${h} fleet.test`).join('\n')}\n`);

/** healthctl with fleet.test resolving to the three replicas, and nothing else changed. */
function withHosts(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return runCli(args, { env, prefix: ['unshare', '-m', '--propagation', 'private', 'sh', '-c', 'mount --bind "$0" /etc/hosts && exec "$@"', hostsFile] });
}

/** A CA and a certificate for the name fleet.test only: verifying against an address would fail. */
function nameOnlyCertificate(): { caPath: string; cert: Buffer; key: Buffer } {
  const openssl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: work, stdio: ['ignore', 'ignore', 'pipe'] });
  };
  const key = (name: string): void => openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', name);
  key('ca.key');
  openssl('req', '-x509', '-new', '-key', 'ca.key', '-subj', '/CN=fleet test CA', '-days', '2', '-out', 'ca.pem');
  key('server.key');
  openssl('req', '-new', '-key', 'server.key', '-subj', '/CN=fleet.test', '-out', 'server.csr');
  writeFileSync(join(work, 'server.ext'), 'subjectAltName=DNS:fleet.test\nextendedKeyUsage=serverAuth\n');
  openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'server.ext', '-out', 'server.pem');
  return { caPath: join(work, 'ca.pem'), cert: readFileSync(join(work, 'server.pem')), key: readFileSync(join(work, 'server.key')) };
}

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe.skipIf(skip)('--each-address: every address a name resolves to', () => {
  let fleet: TestFleet;
  beforeAll(async () => {
    fleet = await startFleet(['ready', 'failing', 'ready']);
  });
  afterAll(async () => {
    await fleet.close();
  });

  it('finds all three replicas behind fleet.test and names each by its address', async () => {
    const r = await withHosts(['probe', '--each-address', `http://fleet.test:${fleet.port}/status`, '--runtime', 'plain', '--timeout', '10s']);
    expect(r.code, r.stdout + r.stderr).toBe(4);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.map((l) => l.split('  ')[0])).toEqual([`✓ 127.0.0.1:${fleet.port}`, `✗ 127.0.0.2:${fleet.port}`, `✓ 127.0.0.3:${fleet.port}`, `✗ NOT READY: 2 of 3 targets ready; 127.0.0.2:${fleet.port}: storage.backend failed: ping postgres: timeout`]);
    const json = JSON.parse((await withHosts(['probe', '--each-address', `fleet.test:${fleet.port}`, '--runtime', 'plain', '--timeout', '10s', '-o', 'json'])).stdout);
    expect(json.targets.map((t: { report: { target: string; address: string } }) => [t.report.target, t.report.address])).toEqual(
      REPLICA_HOSTS.map((h) => [`http://fleet.test:${fleet.port}/status`, `${h}:${fleet.port}`]),
    );
  });

  it('HEALTHCTL_EACH_ADDRESS=true does the same, even for `healthctl probe` with one target', async () => {
    const r = await withHosts(['probe', `http://fleet.test:${fleet.port}/status`, '--runtime', 'plain', '--timeout', '10s'], { HEALTHCTL_EACH_ADDRESS: 'true' });
    expect(r.stdout).toContain('2 of 3 targets ready');
    const bad = await runCli(['probe', `http://fleet.test:${fleet.port}/status`, '--runtime', 'plain'], { env: { HEALTHCTL_EACH_ADDRESS: 'maybe' } });
    expect(bad).toMatchObject({ code: 1, stderr: "healthctl: HEALTHCTL_EACH_ADDRESS: 'maybe' is not a boolean (use true or false)\n" });
  });

  it('without it, the name is one target, as a single probe would check it', async () => {
    const r = await withHosts(['probe', `http://fleet.test:${fleet.port}/status`, `http://127.0.0.2:${fleet.port}/status`, '--runtime', 'plain', '--timeout', '10s']);
    expect(r.stdout).toContain(`✓ http://fleet.test:${fleet.port}/status  READY`);
    expect(r.stdout).toContain('1 of 2 targets ready');
  });

  it('a name that does not resolve is its own unreachable target, the others still checked', async () => {
    const r = await withHosts(['probe', '--each-address', `http://fleet.test:${fleet.port}/readyz`, `http://nowhere.invalid:${fleet.port}/readyz`, '--require', '2', '--runtime', 'plain', '--timeout', '10s']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`✗ http://nowhere.invalid:${fleet.port}/readyz  UNREACHABLE: DNS lookup failed for nowhere.invalid: ENOTFOUND`);
    expect(r.stdout).toContain('READY: 2 of 4 targets ready (2 required)');
  });

  it('grpc:// and tcp://: each address dialled, the name kept as the :authority', async () => {
    const grpc = await startGrpcServer();
    try {
      const r = await withHosts(['probe', '--each-address', `grpc://fleet.test:${grpc.port}`, `tcp://fleet.test:${fleet.port}`, '--require', '4', '--runtime', 'plain', '--timeout', '10s']);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      const lines = r.stdout.trimEnd().split('\n');
      // the gRPC server listens on 127.0.0.1 only: the other two addresses refuse, each on its own
      expect(lines.slice(0, 3).map((l) => l.split('  ')[0])).toEqual([`✓ 127.0.0.1:${grpc.port}`, `✗ 127.0.0.2:${grpc.port}`, `✗ 127.0.0.3:${grpc.port}`]);
      expect(lines[1]).toContain(`UNREACHABLE: `);
      expect(lines.slice(3, 6).every((l) => l.startsWith('✓ 127.0.0.'))).toBe(true);
      expect(lines[6]).toMatch(/^! READY: 4 of 6 targets ready \(4 required\); /);
      expect(grpc.authorities.length).toBeGreaterThan(0);
      expect(new Set(grpc.authorities)).toEqual(new Set([`fleet.test:${grpc.port}`]));
    } finally {
      await grpc.close();
    }
  });

  it('https: each address is asked with the name as Host header, SNI and the name its certificate is verified for', async () => {
    const { caPath, cert, key } = nameOnlyCertificate();
    const seen: Array<{ host: string | undefined; sni: string | false | null; local: string | undefined }> = [];
    const servers: Server[] = [];
    const body = JSON.stringify({ status: 'UP' });
    let port = 0;
    for (const host of REPLICA_HOSTS) {
      const server = createServer({ cert, key }, (req, res) => {
        seen.push({ host: req.headers.host, sni: req.socket instanceof TLSSocket ? req.socket.servername : false, local: req.socket.localAddress });
        res.writeHead(200, { 'content-type': 'application/json' }).end(body);
      });
      await new Promise<void>((resolve) => server.listen(port, host, resolve));
      const address = server.address();
      if (port === 0 && typeof address === 'object' && address !== null) port = address.port;
      servers.push(server);
    }
    try {
      const r = await withHosts(['probe', '--each-address', `https://fleet.test:${port}/health`, '--cacert', caPath, '--runtime', 'plain', '--timeout', '10s']);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toContain('READY: 3 of 3 targets ready');
      expect(seen.map((s) => s.local).sort()).toEqual([...REPLICA_HOSTS]);
      expect(seen.every((s) => s.host === `fleet.test:${port}` && s.sni === 'fleet.test')).toBe(true);
      // The same certificate asked for by address fails verification: the name is what made it pass.
      const byAddress = await runCli(['probe', `https://127.0.0.2:${port}/health`, '--cacert', caPath, '--runtime', 'plain', '--timeout', '10s']);
      expect(byAddress.code).toBe(2);
      expect(byAddress.stdout).toContain('ERR_TLS_CERT_ALTNAME_INVALID');
    } finally {
      for (const s of servers) s.close();
    }
  });
});
