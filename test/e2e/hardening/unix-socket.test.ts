import { createServer, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUNTIMES, expectHardened, run } from './support.js';

const dir = mkdtempSync(join(tmpdir(), 'hc-sock-'));
/** 140 bytes: the kernel's sun_path holds 107, so a connect would be cut to the first 107. */
const long = join(dir, 'x'.repeat(140 - dir.length - 1));
const prefix = Buffer.from(long).subarray(0, 107).toString();
const regular = join(dir, 'regular.sock');
const directory = join(dir, 'directory.sock');

let server: Server;
let connections = 0;

beforeAll(async () => {
  writeFileSync(regular, 'not a socket');
  mkdirSync(directory);
  // A real service at the cut-short path, answering "UP" to anyone who asks: a probe that reached it would pass.
  server = createServer((_req, res) => {
    res.setHeader('Content-Type', 'application/json');
    res.end('{"status":"UP"}');
  });
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(prefix, resolve));
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

describe.concurrent('--unix-socket paths the kernel cannot address, or that hold no socket', () => {
  for (const runtime of RUNTIMES) {
    it(`a ${Buffer.byteLength(long)}-byte path is a usage error, never a connection to the socket at its first 107 bytes — ${runtime}`, async () => {
      const r = await run(['probe', 'http://localhost/health', '--unix-socket', long, '--runtime', runtime, '--timeout', '2s']);
      expectHardened(r, { runtime, outcome: 'usage', timeoutMs: 2000, message: /^healthctl: --unix-socket: the path is 140 bytes, longer than the 107 a Unix socket address holds/ });
    });
    it(`HEALTHCTL_UNIX_SOCKET of ${Buffer.byteLength(long)} bytes, the same, naming the variable — ${runtime}`, async () => {
      const r = await run(['probe', 'http://localhost/health', '--runtime', runtime, '--timeout', '2s'], { env: { HEALTHCTL_UNIX_SOCKET: long } });
      expectHardened(r, { runtime, outcome: 'usage', timeoutMs: 2000, message: /^healthctl: HEALTHCTL_UNIX_SOCKET: the path is 140 bytes/ });
    });
    it(`an empty path says so — ${runtime}`, async () => {
      for (const args of [['--unix-socket', ''], ['--unix-socket=']]) {
        const r = await run(['probe', 'http://localhost/health', ...args, '--runtime', runtime, '--timeout', '2s']);
        expectHardened(r, { runtime, outcome: 'usage', timeoutMs: 2000, message: /^healthctl: --unix-socket: the path is empty\n$/ });
      }
    });
    it.each([
      ['a regular file', regular, /cannot connect to unix:\S+regular\.sock: the path is a regular file, not a socket/],
      ['a directory', directory, /cannot connect to unix:\S+directory\.sock: the path is a directory, not a socket/],
      ['nothing', join(dir, 'missing.sock'), /cannot connect to unix:\S+missing\.sock: no such socket \(ENOENT\)/],
    ])(`a path to %s says so — ${runtime}`, async (_what, path, message) => {
      const r = await run(['probe', 'http://localhost/health', '--unix-socket', path, '--runtime', runtime, '--timeout', '2s']);
      expectHardened(r, { runtime, outcome: 'unreachable', timeoutMs: 2000, message });
    });
  }
});

describe('the socket at the cut-short path', () => {
  it('received no connection from any of the runs above', () => {
    expect(connections).toBe(0);
  });

  it('is real: asked by its own path, it answers and the probe passes', async () => {
    const r = await run(['probe', 'http://localhost/health', '--unix-socket', prefix, '--runtime', 'plain', '--timeout', '2s']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(connections).toBe(1);
  });
});
