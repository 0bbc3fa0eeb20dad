import { execFileSync } from 'node:child_process';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTlsContext } from '../../../src/transport/tls-connect.js';
import type { TlsOptions } from '../../../src/transport/types.js';
import { makeTestCerts, type TestCerts } from './certs.js';
import { failure } from './servers.js';

let certs: TestCerts;
let dir: string;
beforeAll(() => {
  certs = makeTestCerts();
  dir = mkdtempSync(join(tmpdir(), 'healthctl-tls-files-'));
});

const none: TlsOptions = { insecure: false, cacert: null, cert: null, key: null, servername: null };

describe('--cacert, --cert and --key are read within a cap, from regular files only', () => {
  it.each([
    ['/dev/zero', 'a device'],
    ['/dev/urandom', 'a device'],
    ['/tmp', 'a directory'],
  ])('--cacert %s is a quick usage error naming the flag (%s)', async (path, kind) => {
    const started = performance.now();
    const err = await failure(loadTlsContext({ ...none, cacert: path }));
    expect(err.outcome).toBe('usage');
    expect(err.message).toBe(`--cacert ${path} is ${kind}, not a file: give the path of a PEM file`);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('a FIFO with no writer is refused at once, never waited on', async () => {
    const fifo = join(dir, 'ca.fifo');
    execFileSync('mkfifo', [fifo]);
    for (const flag of ['cacert', 'cert', 'key'] as const) {
      const options: TlsOptions = { ...none, cert: certs.clientCertPath, [flag]: fifo };
      const err = await failure(loadTlsContext(options));
      expect(err.message).toBe(`--${flag} ${fifo} is a FIFO or pipe, not a file: give the path of a PEM file`);
    }
  });

  it('a file over 1 MiB is refused without reading it all', async () => {
    const big = join(dir, 'big.pem');
    writeFileSync(big, Buffer.alloc(1024 * 1024 + 1, 0x41));
    const err = await failure(loadTlsContext({ ...none, cacert: big }));
    expect(err.message).toBe(`--cacert ${big} is larger than 1 MiB: not a PEM file`);
  });

  it('a PEM file through a symlink (as Kubernetes mounts secrets) is read', async () => {
    const link = join(dir, 'ca-link.pem');
    symlinkSync(certs.caPath, link);
    await expect(loadTlsContext({ ...none, cacert: link })).resolves.not.toBeNull();
  });
});
