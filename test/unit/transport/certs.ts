import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCerts {
  dir: string;
  caPath: string;
  /** Signed by the CA for localhost, 127.0.0.1 and ::1. */
  server: { cert: Buffer; key: Buffer };
  /** Self-signed for localhost and 127.0.0.1. */
  selfSigned: { cert: Buffer; key: Buffer };
  /** Signed by the CA, notAfter one day before notBefore (openssl 3 `x509 -days -1`). */
  expired: { cert: Buffer; key: Buffer };
  /** Client certificate signed by the CA, as files for --cert/--key. */
  clientCertPath: string;
  clientKeyPath: string;
  ca: Buffer;
}

/** Makes fresh certificates with the openssl CLI; EC keys keep this well under a second. */
export function makeTestCerts(): TestCerts {
  const dir = mkdtempSync(join(tmpdir(), 'healthctl-certs-'));
  const path = (name: string): string => join(dir, name);
  const openssl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  };
  const newKey = (name: string): void => openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', path(name));
  const signed = (name: string, subject: string, ext: string, days: string): void => {
    newKey(`${name}.key`);
    openssl('req', '-new', '-key', path(`${name}.key`), '-subj', subject, '-out', path(`${name}.csr`));
    writeFileSync(path(`${name}.ext`), ext);
    openssl('x509', '-req', '-in', path(`${name}.csr`), '-CA', path('ca.pem'), '-CAkey', path('ca.key'), '-CAcreateserial',
      '-days', days, '-extfile', path(`${name}.ext`), '-out', path(`${name}.pem`));
  };

  newKey('ca.key');
  openssl('req', '-x509', '-new', '-key', path('ca.key'), '-subj', '/CN=healthctl test CA', '-days', '2', '-out', path('ca.pem'));
  const serverExt = 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\nextendedKeyUsage=serverAuth\n';
  signed('server', '/CN=localhost', serverExt, '2');
  signed('expired', '/CN=localhost', serverExt, '-1');
  signed('client', '/CN=healthctl client', 'extendedKeyUsage=clientAuth\n', '2');
  newKey('self.key');
  openssl('req', '-x509', '-new', '-key', path('self.key'), '-subj', '/CN=localhost', '-days', '2',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-out', path('self.pem'));

  const pair = (name: string): { cert: Buffer; key: Buffer } => ({
    cert: readFileSync(path(`${name}.pem`)),
    key: readFileSync(path(`${name}.key`)),
  });
  return {
    dir,
    caPath: path('ca.pem'),
    ca: readFileSync(path('ca.pem')),
    server: pair('server'),
    selfSigned: pair('self'),
    expired: pair('expired'),
    clientCertPath: path('client.pem'),
    clientKeyPath: path('client.key'),
  };
}
