import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { makeCertificate, opensslMissing, SERVING_STATUS, startGrpcServer, type GrpcTestServer, type TestCertificate } from '../../helpers/grpc-server.js';
import { checkComponent } from '../../helpers/require-component.js';

const skip = checkComponent('openssl', await opensslMissing());

describe.skipIf(skip !== null)('grpcs:// — TLS and mTLS with the https flags', () => {
  let serverCert: TestCertificate;
  let clientCert: TestCertificate;
  let tls: GrpcTestServer;
  let mtls: GrpcTestServer;
  let plaintext: GrpcTestServer;

  beforeAll(async () => {
    [serverCert, clientCert] = await Promise.all([makeCertificate('localhost'), makeCertificate('client.test')]);
    const statuses = { '': SERVING_STATUS.SERVING, 'app.Down': SERVING_STATUS.NOT_SERVING };
    tls = await startGrpcServer({ statuses, tls: { cert: serverCert.cert, key: serverCert.key } });
    mtls = await startGrpcServer({ statuses, tls: { cert: serverCert.cert, key: serverCert.key, clientCa: clientCert.cert } });
    plaintext = await startGrpcServer({ statuses });
  });
  afterAll(async () => {
    await Promise.all([tls.close(), mtls.close(), plaintext.close(), serverCert.remove(), clientCert.remove()]);
  });

  it('--cacert trusts the server certificate; the service status decides', async () => {
    const ok = await runCli(['probe', `grpcs://localhost:${tls.port}`, '--runtime', 'plain', '--cacert', serverCert.certPath]);
    expect(ok.code).toBe(0);
    const down = await runCli(['probe', `grpcs://127.0.0.1:${tls.port}/app.Down`, '--runtime', 'plain', '--cacert', serverCert.certPath]);
    expect(down.code).toBe(4);
    expect(down.stdout).toContain('app.Down failed: NOT_SERVING');
    // An IP target makes grpc-js send the IP as SNI; Node's deprecation warning must not leak into the output.
    expect(down.stderr).toBe('');
  });

  it('an untrusted certificate is unreachable (TLS), naming the reason and the address', async () => {
    const r = await runCli(['probe', `grpcs://127.0.0.1:${tls.port}`, '--runtime', 'plain']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(`TLS: self-signed certificate from 127.0.0.1:${tls.port}`);
  });

  it('--insecure skips verification', async () => {
    const r = await runCli(['probe', `grpcs://127.0.0.1:${tls.port}`, '--runtime', 'plain', '--insecure']);
    expect(r.code).toBe(0);
  });

  it('--servername is the name the certificate must carry', async () => {
    const wrong = await runCli(['probe', `grpcs://127.0.0.1:${tls.port}`, '--runtime', 'plain', '--cacert', serverCert.certPath, '--servername', 'other.test']);
    expect(wrong.code).toBe(2);
    expect(wrong.stdout).toContain('ERR_TLS_CERT_ALTNAME_INVALID');
    const right = await runCli(['probe', `grpcs://127.0.0.1:${tls.port}`, '--runtime', 'plain', '--cacert', serverCert.certPath, '--servername', 'localhost']);
    expect(right.code).toBe(0);
  });

  it('mTLS: without --cert/--key the server refuses; with them it answers', async () => {
    const refused = await runCli(['probe', `grpcs://localhost:${mtls.port}`, '--runtime', 'plain', '--cacert', serverCert.certPath]);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toMatch(/TLS: .*certificate required/);
    const ok = await runCli([
      'probe', `grpcs://localhost:${mtls.port}`, '--runtime', 'plain',
      '--cacert', serverCert.certPath, '--cert', clientCert.certPath, '--key', clientCert.keyPath,
    ]);
    expect(ok.code).toBe(0);
  });

  it('the wrong scheme for the port says which one to use', async () => {
    const toTls = await runCli(['probe', `grpc://127.0.0.1:${tls.port}`, '--runtime', 'plain']);
    expect(toTls.code).toBe(2);
    expect(toTls.stdout).toContain('a TLS port needs grpcs://');
    const toPlain = await runCli(['probe', `grpcs://127.0.0.1:${plaintext.port}`, '--runtime', 'plain', '--insecure']);
    expect(toPlain.code).toBe(2);
    expect(toPlain.stdout).toContain('a plaintext port needs grpc://');
  });

  it('an unreadable --cacert is a usage error naming the flag', async () => {
    const r = await runCli(['probe', `grpcs://127.0.0.1:${tls.port}`, '--runtime', 'plain', '--cacert', '/nonexistent/ca.pem']);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain('cannot read --cacert /nonexistent/ca.pem: ENOENT');
  });
});
