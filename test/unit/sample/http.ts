import { request as httpRequest } from 'node:http';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One real HTTP request on its own connection (no keep-alive, so nothing lingers). */
export function request(url: string, options: { method?: string; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** GET and parse the JSON body (Pomerium sends it as text/plain). */
export async function getJson(url: string): Promise<{ status: number; json: unknown }> {
  const reply = await request(url);
  return { status: reply.status, json: JSON.parse(reply.body) };
}

/** TCP handles (servers and sockets) this process holds right now. */
export function tcpHandles(): number {
  return process.getActiveResourcesInfo().filter((name) => name.startsWith('TCP')).length;
}

/** Waits up to a second for the TCP handle count to drop to `count`, and returns the last count. */
export async function tcpHandlesSettleAt(count: number): Promise<number> {
  for (let i = 0; i < 100 && tcpHandles() > count; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  return tcpHandles();
}
