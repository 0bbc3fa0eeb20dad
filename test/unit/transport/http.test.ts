import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ACCEPT, USER_AGENT } from '../../../src/transport/http.js';
import { closeAll, closedPort, failure, ipv6Available, listen, listenPath, makeRequest, rawServer } from './servers.js';
import { closeTransports, TRANSPORTS } from './transports.js';

afterEach(closeAll);
afterAll(closeTransports);

function okServer(seen: IncomingHttpHeaders[] = []) {
  return createServer((req, res) => {
    seen.push(req.headers);
    res.writeHead(200, { 'content-type': 'application/health+json' });
    res.end('{"status":"pass"}');
  });
}

// Every guarantee holds for a connection per check (a single probe) and for kept connections (a fleet, --watch).
describe.each(TRANSPORTS)('%s over plain http', (_transport, httpRequest) => {
  it('returns status, body, content type and per-phase timings', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const port = await listen(okServer(seen));
    const res = await httpRequest(makeRequest(`http://127.0.0.1:${port}/status?x=1`, { headers: [['X-Token', 'abc']] }));
    expect(res.status).toBe(200);
    expect(res.statusText).toBe('OK');
    expect(res.contentType).toBe('application/health+json');
    expect(res.body.toString()).toBe('{"status":"pass"}');
    expect(res.address).toBe(`127.0.0.1:${port}`);
    expect(res.redirects).toEqual([]);
    expect(res.timings.dnsMs).toBeNull();
    expect(res.timings.tlsMs).toBeNull();
    expect(res.timings.connectMs).toBeGreaterThanOrEqual(0);
    expect(res.timings.firstByteMs).toBeGreaterThanOrEqual(0);
    expect(res.timings.totalMs).toBeGreaterThanOrEqual(res.timings.firstByteMs ?? 0);
    expect(seen[0]).toMatchObject({
      host: `127.0.0.1:${port}`,
      'user-agent': USER_AGENT,
      accept: ACCEPT,
      'x-token': 'abc',
    });
  });

  it('lets a given header replace a default one', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const port = await listen(okServer(seen));
    await httpRequest(makeRequest(`http://127.0.0.1:${port}/`, { headers: [['accept', 'text/plain']] }));
    expect(seen[0]?.accept).toBe('text/plain');
  });

  it('sends a body with its length, for the control calls of demo set', async () => {
    const got: Array<{ method: string; length: string | undefined; body: string }> = [];
    const port = await listen(
      createServer((req, res) => {
        let body = '';
        req.on('data', (chunk: Buffer) => (body += chunk.toString()));
        req.on('end', () => {
          got.push({ method: req.method ?? '', length: req.headers['content-length'], body });
          res.end('{"ok":true}');
        });
      }),
    );
    const res = await httpRequest({ ...makeRequest(`http://127.0.0.1:${port}/control/components/a`), method: 'PUT', body: '{"status":"RUNNING","error":"é"}' });
    expect(res.body.toString()).toBe('{"ok":true}');
    expect(got).toEqual([{ method: 'PUT', length: String(Buffer.byteLength('{"status":"RUNNING","error":"é"}')), body: '{"status":"RUNNING","error":"é"}' }]);
  });

  it('sends HEAD and reads no body', async () => {
    const methods: string[] = [];
    const port = await listen(
      createServer((req, res) => {
        methods.push(req.method ?? '');
        res.writeHead(200, { 'content-length': '5000' });
        res.end();
      }),
    );
    // The declared length is over the cap, but a HEAD answer carries no body.
    const res = await httpRequest(makeRequest(`http://127.0.0.1:${port}/`, { method: 'HEAD', maxBodyBytes: 1024 }));
    expect(methods).toEqual(['HEAD']);
    expect(res.body.length).toBe(0);
  });

  it('speaks HTTP over a Unix socket with the URL host as Host', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'healthctl-sock-')), 'app.sock');
    const seen: IncomingHttpHeaders[] = [];
    await listenPath(okServer(seen), path);
    const res = await httpRequest(makeRequest('http://app.internal/status', { unixSocket: path }));
    expect(res.status).toBe(200);
    expect(res.address).toBe(`unix:${path}`);
    expect(res.timings.dnsMs).toBeNull();
    expect(seen[0]?.host).toBe('app.internal');
  });

  it('names a missing Unix socket', async () => {
    const err = await failure(httpRequest(makeRequest('http://app/', { unixSocket: '/nonexistent/app.sock' })));
    expect(err.outcome).toBe('unreachable');
    expect(err.phase).toBe('connect');
    expect(err.message).toBe('cannot connect to unix:/nonexistent/app.sock: no such socket (ENOENT)');
  });

  describe('localhost', () => {
    it('answers from 127.0.0.1 when the server is IPv4-only', async () => {
      const port = await listen(okServer(), '127.0.0.1');
      const res = await httpRequest(makeRequest(`http://localhost:${port}/`));
      expect(res.address).toBe(`127.0.0.1:${port}`);
      expect(res.timings.dnsMs).toBeNull();
    });

    it('answers from [::1] when the server is IPv6-only', async (ctx) => {
      if (!(await ipv6Available())) ctx.skip('::1 is not configured on this machine');
      const port = await listen(okServer(), '::1', true);
      const res = await httpRequest(makeRequest(`http://localhost:${port}/`));
      expect(res.address).toBe(`[::1]:${port}`);
    });

    it('names both addresses when both refuse', async () => {
      const port = await closedPort();
      const err = await failure(httpRequest(makeRequest(`http://localhost:${port}/`)));
      expect(err.outcome).toBe('unreachable');
      expect(err.phase).toBe('connect');
      // ::1 may be missing (EADDRNOTAVAIL) rather than refusing; both addresses are named either way.
      expect(err.message).toMatch(new RegExp(`^connect (ECONNREFUSED |E[A-Z]+ )?\\[::1\\]:${port}, (ECONNREFUSED )?127\\.0\\.0\\.1:${port}$`));
      expect(err.address).toBe(`[::1]:${port}, 127.0.0.1:${port}`);
    });
  });

  it('reports a refused port as unreachable in the connect phase', async () => {
    const port = await closedPort();
    const err = await failure(httpRequest(makeRequest(`http://127.0.0.1:${port}/`)));
    expect(err.outcome).toBe('unreachable');
    expect(err.phase).toBe('connect');
    expect(err.address).toBe(`127.0.0.1:${port}`);
    expect(err.message).toBe(`connection refused by 127.0.0.1:${port} (connect)`);
    expect(err.timings?.connectMs).toBeNull();
  });

  it('times out waiting for the first byte, within the deadline', async () => {
    const port = await listen(rawServer(() => undefined));
    const started = performance.now();
    const err = await failure(httpRequest(makeRequest(`http://127.0.0.1:${port}/`, {}, 300)));
    const elapsed = performance.now() - started;
    expect(err.outcome).toBe('timeout');
    expect(err.phase).toBe('first-byte');
    expect(err.message).toBe(`timeout after 300ms waiting for first byte from 127.0.0.1:${port}`);
    expect(elapsed).toBeGreaterThanOrEqual(295);
    expect(elapsed).toBeLessThan(350);
  });

  it('names the configured budget when given one', async () => {
    const port = await listen(rawServer(() => undefined));
    const req = makeRequest(`http://127.0.0.1:${port}/`, {}, 100);
    const err = await failure(httpRequest(req, { budgetMs: 800 }));
    expect(err.message).toBe(`timeout after 800ms waiting for first byte from 127.0.0.1:${port}`);
  });

  it('times out reading a body that drips', async () => {
    const port = await listen(
      createServer((_req, res) => {
        res.writeHead(200, { 'content-length': '1000' });
        const drip = setInterval(() => res.write('x'), 50);
        res.on('close', () => clearInterval(drip));
      }),
    );
    const err = await failure(httpRequest(makeRequest(`http://127.0.0.1:${port}/`, {}, 300)));
    expect(err.outcome).toBe('timeout');
    expect(err.phase).toBe('body');
    expect(err.message).toBe(`timeout after 300ms reading body from 127.0.0.1:${port}`);
    expect(err.timings?.firstByteMs).not.toBeNull();
  });

  it('times out with half the headers read', async () => {
    const port = await listen(rawServer((socket) => socket.write('HTTP/1.1 200 OK\r\nContent-')));
    const err = await failure(httpRequest(makeRequest(`http://127.0.0.1:${port}/`, {}, 300)));
    expect(err.message).toBe(`timeout after 300ms reading headers from 127.0.0.1:${port}`);
  });

  it('reports a reset in the middle of the body', async () => {
    const port = await listen(
      rawServer((socket) => {
        socket.once('data', () => {
          socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789');
          setTimeout(() => socket.resetAndDestroy(), 20);
        });
      }),
    );
    const err = await failure(httpRequest(makeRequest(`http://127.0.0.1:${port}/`)));
    expect(err.outcome).toBe('unreachable');
    expect(err.phase).toBe('body');
    expect(err.message).toBe(`connection reset by 127.0.0.1:${port} while reading body`);
  });

  it('reports a close before any response', async () => {
    const port = await listen(rawServer((socket) => socket.once('data', () => socket.end())));
    const err = await failure(httpRequest(makeRequest(`http://127.0.0.1:${port}/`)));
    expect(err.outcome).toBe('unreachable');
    expect(err.phase).toBe('first-byte');
    expect(err.message).toBe(`connection closed by 127.0.0.1:${port} before the response (first byte)`);
  });

  it('calls a non-HTTP answer a bad response', async () => {
    const port = await listen(rawServer((socket) => socket.write('SSH-2.0-OpenSSH_9.2\r\n\r\n')));
    const err = await failure(httpRequest(makeRequest(`http://127.0.0.1:${port}/`)));
    expect(err.outcome).toBe('bad-response');
    expect(err.message).toMatch(new RegExp(`^not a valid HTTP response from 127\\.0\\.0\\.1:${port}: .+ \\(HPE_[A-Z_]+\\)$`));
  });

  describe('body cap', () => {
    const big = 'x'.repeat(5000);
    it('stops at a declared Content-Length over the cap', async () => {
      const port = await listen(createServer((_req, res) => res.end(big)));
      const err = await failure(httpRequest(makeRequest(`http://127.0.0.1:${port}/`, { maxBodyBytes: 1024 })));
      expect(err.outcome).toBe('bad-response');
      expect(err.message).toBe(`response body larger than 1 KiB from 127.0.0.1:${port}`);
    });

    it('stops a chunked body once it passes the cap', async () => {
      const port = await listen(
        createServer((_req, res) => {
          res.write(big);
          res.write(big);
          res.end();
        }),
      );
      const err = await failure(httpRequest(makeRequest(`http://127.0.0.1:${port}/`, { maxBodyBytes: 4096 })));
      expect(err.outcome).toBe('bad-response');
      expect(err.phase).toBe('body');
      expect(err.message).toBe(`response body larger than 4 KiB from 127.0.0.1:${port}`);
    });

    it('formats a 1 MiB cap', async () => {
      const port = await listen(createServer((_req, res) => res.end(Buffer.alloc(1024 * 1024 + 1))));
      const err = await failure(httpRequest(makeRequest(`http://127.0.0.1:${port}/`)));
      expect(err.message).toContain('response body larger than 1 MiB');
    });
  });

  describe('redirects', () => {
    function redirecting(routes: Record<string, string>) {
      return createServer((req, res) => {
        const location = routes[req.url ?? ''];
        if (location === undefined) res.end('done');
        else res.writeHead(302, { location }).end();
      });
    }

    it('follows a same-host redirect and records it', async () => {
      const port = await listen(redirecting({ '/a': '/b?token=s3cret' }));
      const res = await httpRequest(makeRequest(`http://127.0.0.1:${port}/a`));
      expect(res.status).toBe(200);
      expect(res.body.toString()).toBe('done');
      expect(res.redirects).toEqual([`http://127.0.0.1:${port}/b?token=***`]);
    });

    it('refuses a redirect to another host, naming where it pointed', async () => {
      const port = await listen(redirecting({ '/': 'http://user:pw@other.example/x?code=42' }));
      const err = await failure(httpRequest(makeRequest(`http://127.0.0.1:${port}/`)));
      expect(err.outcome).toBe('bad-response');
      expect(err.message).toBe('redirect to http://other.example:80/x?code=*** not followed (different host)');
    });

    it('refuses a redirect to another port or scheme', async () => {
      const server = createServer((req, res) => {
        const { port } = new URL(`http://${req.headers.host ?? ''}`);
        const location = req.url === '/p' ? `http://127.0.0.1:${Number(port) + 1}/` : `https://127.0.0.1:${port}/`;
        res.writeHead(307, { location }).end();
      });
      const port = await listen(server);
      const p = await failure(httpRequest(makeRequest(`http://127.0.0.1:${port}/p`)));
      expect(p.message).toBe(`redirect to http://127.0.0.1:${port + 1}/ not followed (different port)`);
      const s = await failure(httpRequest(makeRequest(`http://127.0.0.1:${port}/s`)));
      expect(s.message).toBe(`redirect to https://127.0.0.1:${port}/ not followed (different scheme)`);
    });

    it('ends a redirect loop by the count', async () => {
      let hits = 0;
      const port = await listen(
        createServer((_req, res) => {
          hits += 1;
          res.writeHead(301, { location: '/loop' }).end();
        }),
      );
      const err = await failure(httpRequest(makeRequest(`http://127.0.0.1:${port}/loop`)));
      expect(err.outcome).toBe('bad-response');
      expect(err.message).toBe(`too many redirects (more than 5), the last to http://127.0.0.1:${port}/loop`);
      expect(hits).toBe(6);
    });
  });

  it('fails DNS for a name that cannot exist', async () => {
    const err = await failure(httpRequest(makeRequest('http://nonexistent.invalid/', {}, 5000)));
    expect(err.outcome).toBe('unreachable');
    expect(err.phase).toBe('dns');
    expect(err.message).toMatch(/^DNS lookup failed for nonexistent\.invalid: (ENOTFOUND|EAI_AGAIN)/);
  });

  it('names the DNS phase when the deadline is already gone', async () => {
    const err = await failure(httpRequest(makeRequest('http://example.test/', {}, -1), { budgetMs: 300 }));
    expect(err.outcome).toBe('timeout');
    expect(err.phase).toBe('dns');
    expect(err.message).toBe('timeout after 300ms resolving example.test');
  });

  it('stops when the signal aborts', async () => {
    const port = await listen(rawServer(() => undefined));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const err = await failure(httpRequest(makeRequest(`http://127.0.0.1:${port}/`, { signal: controller.signal })));
    expect(err.outcome).toBe('unreachable');
    expect(err.message).toBe(`interrupted by signal during first byte (127.0.0.1:${port})`);
  });

  it('never puts header values in error messages', async () => {
    const secret = 'Bearer s3cr3t-t0ken-value';
    const headers: Array<[string, string]> = [['Authorization', secret]];
    const closed = await closedPort();
    const silent = await listen(rawServer(() => undefined));
    const garbage = await listen(rawServer((socket) => socket.write(`${secret}\r\n\r\n`)));
    const errors = await Promise.all([
      failure(httpRequest(makeRequest(`http://127.0.0.1:${closed}/`, { headers }))),
      failure(httpRequest(makeRequest(`http://127.0.0.1:${silent}/`, { headers }, 100))),
      failure(httpRequest(makeRequest(`http://127.0.0.1:${garbage}/`, { headers }))),
      failure(httpRequest(makeRequest('http://127.0.0.1:1/', { headers: [['X-Key', `${secret}\r\nX-Evil: 1`]] }))),
    ]);
    expect(errors.map((e) => e.outcome)).toEqual(['unreachable', 'timeout', 'bad-response', 'usage']);
    for (const error of errors) {
      expect(error.message).not.toContain('s3cr3t');
      expect(String(error.stack)).not.toContain('s3cr3t');
    }
    expect(errors[3]?.message).toBe('invalid value for header X-Key (control character or line break)');
  });

  it('sends header values as latin1, one byte a character, as node:http did', async () => {
    const heads: Buffer[] = [];
    const port = await listen(
      rawServer((socket) => {
        let got = Buffer.alloc(0);
        socket.on('data', (d: Buffer) => {
          got = Buffer.concat([got, d]);
          if (!got.includes('\r\n\r\n')) return;
          heads.push(got);
          socket.end('HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
        });
      }),
    );
    await httpRequest(makeRequest(`http://127.0.0.1:${port}/`, { headers: [['X-Note', 'café']] }));
    expect(heads[0]?.includes(Buffer.from('X-Note: caf\xe9\r\n', 'latin1'))).toBe(true);
  });

  it('sends Basic auth from the URL user-info', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const port = await listen(okServer(seen));
    await httpRequest(makeRequest(`http://ops:p%40ss@127.0.0.1:${port}/`));
    expect(seen[0]?.authorization).toBe(`Basic ${Buffer.from('ops:p@ss').toString('base64')}`);
  });
});
