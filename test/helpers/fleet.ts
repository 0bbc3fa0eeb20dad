import { createServer, type Server, type Socket } from 'node:net';
import { HealthReporter, serveHealth, type HealthServer } from '../../src/sample/index.js';

/** How a replica answers: ready, failing (storage.backend), still starting, or not at all (accepts, never answers). */
export type ReplicaState = 'ready' | 'failing' | 'starting' | 'silent';

export const REPLICA_HOSTS = ['127.0.0.1', '127.0.0.2', '127.0.0.3'] as const;
export const FLAP_TEXT = 'ping postgres: timeout';

export interface TestFleet {
  /** The one port every replica listens on. */
  port: number;
  /** `http://127.0.0.N:PORT/status` for replica i. */
  url(i: number, path?: string): string;
  /** The reporter of replica i (null for a silent one): change its state from the test. */
  health(i: number): HealthReporter;
  close(): Promise<void>;
}

/** Sets a sample reporter to `state`: two required components, as a small service reports them. */
export function setState(health: HealthReporter, state: Exclude<ReplicaState, 'silent'>): void {
  health.running('authorize.service');
  if (state === 'starting') health.starting('storage.backend');
  else health.running('storage.backend');
  if (state === 'failing') health.failed('storage.backend', FLAP_TEXT);
}

function silentServer(host: string, port: number): Promise<{ close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () =>
      resolve({
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      }),
    );
  });
}

async function startOnce(states: readonly ReplicaState[], hosts: readonly string[]): Promise<TestFleet> {
  const reporters: Array<HealthReporter | null> = [];
  const closers: Array<{ close(): Promise<void> }> = [];
  let port = 0;
  try {
    for (const [i, state] of states.entries()) {
      const host = hosts[i] ?? '127.0.0.1';
      if (state === 'silent') {
        reporters.push(null);
        closers.push(await silentServer(host, port));
        if (port === 0) throw new Error('the first replica must answer: it picks the port');
        continue;
      }
      const health = new HealthReporter({ required: ['authorize.service', 'storage.backend'] });
      setState(health, state);
      const server: HealthServer = await serveHealth(health, { host, port });
      port = server.port;
      reporters.push(health);
      closers.push(server);
    }
  } catch (error) {
    await Promise.all(closers.map((c) => c.close()));
    throw error;
  }
  return {
    port,
    url: (i, path = '/status') => `http://${hosts[i] ?? '127.0.0.1'}:${port}${path}`,
    health: (i) => {
      const h = reporters[i];
      if (h === null || h === undefined) throw new Error(`replica ${i} is silent`);
      return h;
    },
    close: async () => {
      await Promise.all(closers.map((c) => c.close()));
    },
  };
}

/** Sample services on 127.0.0.1, 127.0.0.2 and 127.0.0.3, one port for all, as replicas behind one name. */
export async function startFleet(states: readonly ReplicaState[], hosts: readonly string[] = REPLICA_HOSTS): Promise<TestFleet> {
  // The port is free on 127.0.0.1 when picked; another loopback address may still hold it, rarely: pick again.
  for (let attempt = 0; ; attempt++) {
    try {
      return await startOnce(states, hosts);
    } catch (error) {
      if (attempt >= 5 || !(error instanceof Error && 'code' in error && error.code === 'EADDRINUSE')) throw error;
    }
  }
}
