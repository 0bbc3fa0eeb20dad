import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { tcpConnect } from '../../../src/transport/tcp.js';
import { closeAll, closedPort, failure, ipv6Available, listen } from './servers.js';

afterEach(closeAll);

const soon = (ms = 2000): number => performance.now() + ms;

// A listener whose accept queue is full: further SYNs get no answer, so connect hangs.
// Node accepts every connection itself, so python3 holds the socket (backlog 0, queue filled).
const FULL_BACKLOG = `
import socket, sys, time
s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(0)
port = s.getsockname()[1]
fill = []
for _ in range(8):
    c = socket.socket(); c.setblocking(False)
    try: c.connect(('127.0.0.1', port))
    except BlockingIOError: pass
    fill.append(c)
time.sleep(0.3)
print(port, flush=True)
sys.stdin.read()
`;

async function fullBacklogPort(): Promise<{ port: number; child: ChildProcess } | null> {
  const child = spawn('python3', ['-c', FULL_BACKLOG], { stdio: ['pipe', 'pipe', 'ignore'] });
  return new Promise((resolve) => {
    child.once('error', () => resolve(null));
    child.stdout?.once('data', (data: Buffer) => resolve({ port: Number(data.toString().trim()), child }));
  });
}

describe('tcpConnect', () => {
  it('passes when the port accepts and names the address', async () => {
    const port = await listen(createServer());
    const result = await tcpConnect({ host: '127.0.0.1', port, deadline: soon(), signal: null });
    expect(result.address).toBe(`127.0.0.1:${port}`);
    expect(result.timings.connectMs).toBeGreaterThanOrEqual(0);
    expect(result.timings.firstByteMs).toBeNull();
    expect(result.timings.tlsMs).toBeNull();
  });

  it('tries both loopbacks for localhost', async (ctx) => {
    if (!(await ipv6Available())) ctx.skip('::1 is not configured on this machine');
    const port = await listen(createServer(), '::1', true);
    const result = await tcpConnect({ host: 'localhost', port, deadline: soon(), signal: null });
    expect(result.address).toBe(`[::1]:${port}`);
  });

  it('accepts a bracketed IPv6 literal', async (ctx) => {
    if (!(await ipv6Available())) ctx.skip('::1 is not configured on this machine');
    const port = await listen(createServer(), '::1', true);
    const result = await tcpConnect({ host: '[::1]', port, deadline: soon(), signal: null });
    expect(result.address).toBe(`[::1]:${port}`);
  });

  it('reports a refused port as unreachable (connect)', async () => {
    const port = await closedPort();
    const err = await failure(tcpConnect({ host: '127.0.0.1', port, deadline: soon(), signal: null }));
    expect(err.outcome).toBe('unreachable');
    expect(err.phase).toBe('connect');
    expect(err.message).toBe(`connection refused by 127.0.0.1:${port} (connect)`);
  });

  it('times out connecting to a listener that cannot accept', async (ctx) => {
    const held = await fullBacklogPort();
    if (held === null) return ctx.skip('python3 is needed to hold a listener with a full backlog');
    try {
      const started = performance.now();
      const err = await failure(tcpConnect({ host: '127.0.0.1', port: held.port, deadline: soon(300), signal: null }));
      expect(err.outcome).toBe('timeout');
      expect(err.phase).toBe('connect');
      expect(err.message).toBe(`timeout after 300ms connecting to 127.0.0.1:${held.port}`);
      expect(performance.now() - started).toBeLessThan(350);
    } finally {
      held.child.kill();
    }
  });

  it('fails DNS for a name that cannot exist', async () => {
    const err = await failure(tcpConnect({ host: 'nonexistent.invalid', port: 80, deadline: soon(5000), signal: null }));
    expect(err.outcome).toBe('unreachable');
    expect(err.phase).toBe('dns');
  });
});
