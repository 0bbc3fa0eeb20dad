import { createServer } from 'node:https';
import { TLSSocket } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeTransports, TRANSPORTS } from './transports.js';
import type { TlsOptions } from '../../../src/transport/types.js';
import { makeTestCerts, type TestCerts } from './certs.js';
import { closeAll, failure, listen, makeRequest, rawServer } from './servers.js';

let certs: TestCerts;
beforeAll(() => {
  certs = makeTestCerts();
});
afterEach(closeAll);
afterAll(closeTransports);

const verify: TlsOptions = { insecure: false, cacert: null, cert: null, key: null, servername: null };

async function httpsServer(pair: { cert: Buffer; key: Buffer }, extra: { ca?: Buffer; requestCert?: boolean } = {}): Promise<number> {
  const server = createServer({ ...pair, ...extra, rejectUnauthorized: extra.requestCert === true }, (req, res) => {
    const peer = req.socket instanceof TLSSocket ? req.socket.getPeerCertificate() : null;
    res.end(peer?.subject === undefined ? 'anonymous' : `client ${peer.subject.CN}`);
  });
  return listen(server);
}

describe.each(TRANSPORTS)('%s over https', (_transport, httpRequest) => {
  it('refuses a self-signed certificate by default', async () => {
    const port = await httpsServer(certs.selfSigned);
    const err = await failure(httpRequest(makeRequest(`https://127.0.0.1:${port}/`)));
    expect(err.outcome).toBe('unreachable');
    expect(err.phase).toBe('tls');
    expect(err.message).toBe(`TLS: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT) from 127.0.0.1:${port}`);
  });

  it('accepts a self-signed certificate with insecure, timing the handshake', async () => {
    const port = await httpsServer(certs.selfSigned);
    const res = await httpRequest(makeRequest(`https://127.0.0.1:${port}/`, { tls: { ...verify, insecure: true } }));
    expect(res.status).toBe(200);
    expect(res.timings.tlsMs).toBeGreaterThan(0);
  });

  it('accepts a certificate from the --cacert CA, for an IP and for localhost', async () => {
    const port = await httpsServer(certs.server);
    const tls = { ...verify, cacert: certs.caPath };
    expect((await httpRequest(makeRequest(`https://127.0.0.1:${port}/`, { tls }))).status).toBe(200);
    const res = await httpRequest(makeRequest(`https://localhost:${port}/`, { tls }));
    expect(res.address).toBe(`127.0.0.1:${port}`);
  });

  it('refuses a certificate whose names do not include --servername', async () => {
    const port = await httpsServer(certs.server);
    const tls = { ...verify, cacert: certs.caPath, servername: 'wrong.example' };
    const err = await failure(httpRequest(makeRequest(`https://127.0.0.1:${port}/`, { tls })));
    expect(err.outcome).toBe('unreachable');
    expect(err.phase).toBe('tls');
    expect(err.message).toMatch(/^TLS: Hostname\/IP does not match certificate's altnames: .*wrong\.example.* \(ERR_TLS_CERT_ALTNAME_INVALID\) from 127\.0\.0\.1:\d+$/);
  });

  it('verifies against --servername when it matches', async () => {
    const port = await httpsServer(certs.server);
    const tls = { ...verify, cacert: certs.caPath, servername: 'localhost' };
    expect((await httpRequest(makeRequest(`https://127.0.0.1:${port}/`, { tls }))).status).toBe(200);
  });

  it('refuses an expired certificate', async () => {
    const port = await httpsServer(certs.expired);
    const err = await failure(httpRequest(makeRequest(`https://127.0.0.1:${port}/`, { tls: { ...verify, cacert: certs.caPath } })));
    expect(err.outcome).toBe('unreachable');
    expect(err.phase).toBe('tls');
    expect(err.message).toBe(`TLS: certificate has expired (CERT_HAS_EXPIRED) from 127.0.0.1:${port}`);
  });

  it('presents a client certificate for mTLS', async () => {
    const port = await httpsServer(certs.server, { ca: certs.ca, requestCert: true });
    const tls = { ...verify, cacert: certs.caPath, cert: certs.clientCertPath, key: certs.clientKeyPath };
    const res = await httpRequest(makeRequest(`https://127.0.0.1:${port}/`, { tls }));
    expect(res.body.toString()).toBe('client healthctl client');
  });

  it('fails as unreachable (tls) when the server wants a client certificate and gets none', async () => {
    const port = await httpsServer(certs.server, { ca: certs.ca, requestCert: true });
    const err = await failure(httpRequest(makeRequest(`https://127.0.0.1:${port}/`, { tls: { ...verify, cacert: certs.caPath } })));
    expect(err.outcome).toBe('unreachable');
    expect(err.phase).toBe('tls');
    expect(err.message).toMatch(/^TLS: .*certificate.* \(ERR_SSL_[A-Z0-9_]+\) from 127\.0\.0\.1:\d+$/);
  });

  it('calls an unreadable --cacert a usage error naming the flag and path', async () => {
    const err = await failure(httpRequest(makeRequest('https://127.0.0.1:1/', { tls: { ...verify, cacert: '/nonexistent/ca.pem' } })));
    expect(err.outcome).toBe('usage');
    expect(err.message).toBe('cannot read --cacert /nonexistent/ca.pem: ENOENT');
  });

  it('calls a --cert file without a key a usage error', async () => {
    const err = await failure(httpRequest(makeRequest('https://127.0.0.1:1/', { tls: { ...verify, cert: certs.clientCertPath } })));
    expect(err.outcome).toBe('usage');
    expect(err.message).toBe(`--cert ${certs.clientCertPath} holds no private key: pass --key`);
  });

  it('calls a key that does not match the --cert a usage error naming both files', async () => {
    const tls = { ...verify, cert: certs.clientCertPath, key: `${certs.dir}/server.key` };
    const err = await failure(httpRequest(makeRequest('https://127.0.0.1:1/', { tls })));
    expect(err.outcome).toBe('usage');
    expect(err.message).toBe(`invalid TLS file (--cert ${certs.clientCertPath}, --key ${certs.dir}/server.key): key values mismatch`);
  });

  it('calls a --cacert that holds no certificate a usage error', async () => {
    const err = await failure(httpRequest(makeRequest('https://127.0.0.1:1/', { tls: { ...verify, cacert: certs.clientKeyPath } })));
    expect(err.outcome).toBe('usage');
    expect(err.message).toBe(`--cacert ${certs.clientKeyPath} holds no PEM certificate`);
  });

  it('times out during a handshake the server never answers', async () => {
    const port = await listen(rawServer(() => undefined));
    const err = await failure(httpRequest(makeRequest(`https://127.0.0.1:${port}/`, {}, 300)));
    expect(err.outcome).toBe('timeout');
    expect(err.phase).toBe('tls');
    expect(err.message).toBe(`timeout after 300ms during TLS handshake with 127.0.0.1:${port}`);
  });

  it('reports a plain-http server behind an https URL as a TLS failure', async () => {
    const port = await listen(rawServer((socket) => socket.once('data', () => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'))));
    const err = await failure(httpRequest(makeRequest(`https://127.0.0.1:${port}/`)));
    expect(err.outcome).toBe('unreachable');
    expect(err.phase).toBe('tls');
    expect(err.message).toMatch(/^TLS: .+ \(ERR_SSL_[A-Z_]+\) from 127\.0\.0\.1:\d+$/);
  });
});
