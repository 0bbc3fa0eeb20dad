import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { KeptConnections } from '../../../src/transport/pooled-http.js';
import { fakeProxy } from '../../helpers/hostile-servers.js';
import { closeAll, listen, makeRequest, rawServer } from './servers.js';

afterEach(closeAll);
const kept = new KeptConnections();
afterAll(() => kept.close());

/** A health endpoint that counts the connections it accepts. */
async function countingServer(): Promise<{ port: number; connections: () => number; sockets: Socket[] }> {
  const sockets: Socket[] = [];
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/health+json' });
    res.end('{"status":"pass"}');
  });
  server.on('connection', (socket: Socket) => sockets.push(socket));
  const port = await listen(server);
  return { port, connections: () => sockets.length, sockets };
}

describe('KeptConnections: what a fleet and --watch gain', () => {
  it('asks the same place again over the connection it kept: no DNS, connect or TLS the second time', async () => {
    const server = await countingServer();
    const first = await kept.request(makeRequest(`http://127.0.0.1:${server.port}/status`));
    const second = await kept.request(makeRequest(`http://127.0.0.1:${server.port}/status`));
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(server.connections()).toBe(1);
    expect(first.timings.connectMs).not.toBeNull();
    expect(second.timings.connectMs).toBeNull();
    expect(second.address).toBe(`127.0.0.1:${server.port}`);
  });

  it('a kept connection the server closed while idle is replaced, and the check still answers', async () => {
    const server = await countingServer();
    await kept.request(makeRequest(`http://127.0.0.1:${server.port}/status`));
    for (const socket of server.sockets) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const again = await kept.request(makeRequest(`http://127.0.0.1:${server.port}/status`));
    expect(again.status).toBe(200);
    expect(server.connections()).toBe(2);
  });

  it('a kept connection that closes as the next request goes out is replaced once, and the check still answers', async () => {
    let connections = 0;
    const answer = 'HTTP/1.1 200 OK\r\nContent-Type: application/health+json\r\nContent-Length: 17\r\nKeep-Alive: timeout=60\r\n\r\n{"status":"pass"}';
    // Each connection answers its first request, then closes on the second without a word.
    const port = await listen(
      rawServer((socket) => {
        connections += 1;
        let requests = 0;
        socket.on('data', () => {
          requests += 1;
          if (requests === 1) socket.write(answer);
          else socket.destroy();
        });
      }),
    );
    expect((await kept.request(makeRequest(`http://127.0.0.1:${port}/status`))).status).toBe(200);
    expect((await kept.request(makeRequest(`http://127.0.0.1:${port}/status`))).status).toBe(200);
    expect(connections).toBe(2);
  });

  it('targets that share an origin take turns on its one connection', async () => {
    const server = await countingServer();
    const answers = await Promise.all(['/a', '/b', '/c', '/d'].map((path) => kept.request(makeRequest(`http://127.0.0.1:${server.port}${path}`))));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(server.connections()).toBe(1);
  });

  it('pins a connection to the address asked for, and keeps the name for Host', async () => {
    const seen: Array<string | undefined> = [];
    const server = createServer((req, res) => {
      seen.push(req.headers.host);
      res.end('{"status":"pass"}');
    });
    const port = await listen(server, '127.0.0.2');
    const res = await kept.request(makeRequest(`http://replica.test:${port}/status`, { connectTo: '127.0.0.2' }));
    expect(res.address).toBe(`127.0.0.2:${port}`);
    expect(seen).toEqual([`replica.test:${port}`]);
  });

  it('never goes through a proxy, whatever the environment says', async () => {
    const proxy = await fakeProxy();
    const server = await countingServer();
    const saved = { ...process.env };
    Object.assign(process.env, { HTTP_PROXY: proxy.url, http_proxy: proxy.url, HTTPS_PROXY: proxy.url, ALL_PROXY: proxy.url, NO_PROXY: '' });
    try {
      const res = await new KeptConnections().request(makeRequest(`http://127.0.0.1:${server.port}/status`));
      expect(res.status).toBe(200);
    } finally {
      for (const key of ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'ALL_PROXY', 'NO_PROXY']) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
    }
    expect(proxy.hits).toBe(0);
    await proxy.close();
    expect(server.connections()).toBe(1);
  });
});
