import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpsServer, type HostileServer } from '../../helpers/hostile-servers.js';
import { makeTestCerts, type TestCerts } from '../../unit/transport/certs.js';
import { CAP, RUNTIMES, expectHardened, run } from './support.js';

const BODY = '{"status":"UP","components":{"db":{"status":"UP"}}}';

let certs: TestCerts;
/** A second CA that signed nothing the servers use. */
let unrelated: TestCerts;
let good: HostileServer;
let selfSigned: HostileServer;
let expired: HostileServer;
/** The CA-signed localhost/127.0.0.1 certificate, served on 127.0.0.2: the name does not match. */
let wrongHost: HostileServer;
/** Self-signed, and failing with enough text to fill any runtime's cap. */
let loud: HostileServer;

beforeAll(async () => {
  certs = makeTestCerts();
  unrelated = makeTestCerts();
  [good, selfSigned, expired, wrongHost] = await Promise.all([
    httpsServer(certs.server, BODY),
    httpsServer(certs.selfSigned, BODY),
    httpsServer(certs.expired, BODY),
    httpsServer(certs.server, BODY, '127.0.0.2'),
  ]);
  const failing = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`db${i}`, { status: 'DOWN', details: { error: 'connection refused '.repeat(20) } }]));
  loud = await httpsServer(certs.selfSigned, JSON.stringify({ status: 'DOWN', components: failing }));
});
afterAll(async () => {
  await Promise.all([good, selfSigned, expired, wrongHost, loud].map((s) => s.close()));
});

interface TlsCase {
  name: string;
  url: () => string;
  args: () => string[];
  reason: RegExp;
}

const CASES: TlsCase[] = [
  { name: 'a self-signed certificate', url: () => `${selfSigned.url}/health`, args: () => [], reason: /TLS: self-signed certificate \(DEPTH_ZERO_SELF_SIGNED_CERT\)/ },
  { name: 'an expired certificate', url: () => `${expired.url}/health`, args: () => ['--cacert', certs.caPath], reason: /expired \(CERT_HAS_EXPIRED\)/ },
  { name: 'a certificate for another host name', url: () => `${wrongHost.url}/health`, args: () => ['--cacert', certs.caPath], reason: /ERR_TLS_CERT_ALTNAME_INVALID/ },
];

describe.concurrent('TLS failures are unreachable, phase TLS, under every runtime', () => {
  for (const c of CASES) {
    for (const runtime of RUNTIMES) {
      it(`${c.name} — ${runtime}`, async () => {
        const r = await run(['probe', c.url(), '--runtime', runtime, '--timeout', '2s', ...c.args()]);
        expectHardened(r, { runtime, outcome: 'unreachable', timeoutMs: 2000, message: /UNREACHABLE: TLS: / });
        expect(r.stdout).toMatch(c.reason);
        expect(r.stdout).toMatch(/from 127\.0\.0\.[12]:\d+/);
      });
    }
  }
});

describe.concurrent('nothing but --insecure gets past verification', () => {
  const bypasses: Array<[string, () => string[], () => NodeJS.ProcessEnv]> = [
    ['NODE_TLS_REJECT_UNAUTHORIZED=0', () => [], () => ({ NODE_TLS_REJECT_UNAUTHORIZED: '0' })],
    ['--servername localhost', () => ['--servername', 'localhost'], () => ({})],
    ['--servername of a name the certificate does not carry', () => ['--servername', 'elsewhere.example'], () => ({})],
    ['--cacert of an unrelated CA', () => ['--cacert', unrelated.caPath], () => ({})],
    ['HEALTHCTL_CACERT of an unrelated CA', () => [], () => ({ HEALTHCTL_CACERT: unrelated.caPath })],
  ];
  for (const c of CASES) {
    for (const [how, args, env] of bypasses) {
      // Naming a host the certificate does carry is not a bypass: it is the last test below.
      if (c.name.includes('another host') && how === '--servername localhost') continue;
      // The expired and wrong-host cases already pass --cacert; an unrelated CA replaces it.
      it(`${c.name}, with ${how}: still refused`, async () => {
        const base = c.args().includes('--cacert') && !how.includes('CACERT') && !how.includes('--cacert') ? c.args() : [];
        const r = await run(['probe', c.url(), '--runtime', 'plain', '--timeout', '2s', ...base, ...args()], { env: env() });
        expect(r.code, r.stdout + r.stderr).toBe(2);
        expect(r.stdout).toMatch(/UNREACHABLE: TLS: /);
        expect(r.stdout + r.stderr).not.toMatch(/\n\s+at \S/);
      });
    }
    it(`${c.name}, with --insecure: passes, and says nothing was verified only by passing`, async () => {
      const r = await run(['probe', c.url(), '--runtime', 'plain', '--timeout', '2s', '--insecure']);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toMatch(/READY: 1 of 1 component ready/);
    });
    it(`${c.name}, with HEALTHCTL_INSECURE=1 (the environment form of --insecure): passes`, async () => {
      const r = await run(['probe', c.url(), '--runtime', 'plain', '--timeout', '2s'], { env: { HEALTHCTL_INSECURE: '1' } });
      expect(r.code, r.stdout + r.stderr).toBe(0);
    });
  }

  it('the right CA with --cacert passes (so the refusals above are about the certificate)', async () => {
    const r = await run(['probe', `${good.url}/health`, '--runtime', 'plain', '--timeout', '2s', '--cacert', certs.caPath]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  it('--servername may only name what the certificate carries: localhost on an IP target passes with the right CA', async () => {
    const r = await run(['probe', `${wrongHost.url}/health`, '--runtime', 'plain', '--timeout', '2s', '--cacert', certs.caPath, '--servername', 'localhost']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });
});

describe.concurrent("Node's own warnings stay out of the output", () => {
  it.each(['docker', 'kubernetes'] as const)('NODE_TLS_REJECT_UNAUTHORIZED=0 under %s: stdout and stderr together within the cap, nothing from Node', async (runtime) => {
    const r = await run(['probe', `${loud.url}/health`, '--runtime', runtime, '--timeout', '2s', '--insecure'], { env: { NODE_TLS_REJECT_UNAUTHORIZED: '0' } });
    expectHardened(r, { runtime, outcome: 'fail', timeoutMs: 2000 });
    // The report alone fills the cap: a warning from Node would push the two past it.
    expect(Buffer.byteLength(r.stdout)).toBeGreaterThan((CAP[runtime] ?? 0) - 200);
    expect(r.stderr).toBe('');
  });
});
