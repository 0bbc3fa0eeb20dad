// Loaded only after a plaintext gRPC connection failed with an HTTP/2 protocol error.
import { connectTcp, connectUnix, ignoreError } from './connect.js';
import { PhaseClock, runStage, type Budget } from './deadline.js';

const HTTP2_PREFACE = 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n';
/** The sniff only words an error that is already certain: it gets a short slice of what is left. */
const SNIFF_MS = 250;

/**
 * What the peer answers to the HTTP/2 connection preface on a fresh connection: its
 * HTTP/1.x status line (`HTTP/1.1 400`), or null when it says something else or nothing.
 */
export async function sniffHttp1(place: { host: string; port: number; unixSocket: string | null }, check: Budget): Promise<string | null> {
  const budget: Budget = { deadline: Math.min(check.deadline, performance.now() + SNIFF_MS), signal: check.signal, budgetMs: SNIFF_MS, clock: new PhaseClock() };
  try {
    const { socket, address } = place.unixSocket === null ? await connectTcp(place.host, place.port, budget) : await connectUnix(place.unixSocket, budget);
    return await runStage(budget, { phase: 'first-byte', address }, (control) =>
      new Promise<string | null>((resolve) => {
        control.onCancel(() => socket.destroy());
        socket.on('error', ignoreError);
        let head = '';
        const done = (): void => {
          socket.destroy();
          resolve(/^HTTP\/1\.[01] \d{3}/.exec(head)?.[0] ?? null);
        };
        socket.on('data', (chunk: Buffer) => {
          head += chunk.toString('latin1');
          if (head.length >= 12) done();
        });
        socket.once('close', done);
        socket.write(HTTP2_PREFACE);
      }),
    );
  } catch {
    // The first connection already said the protocol is wrong; the sniff only names which.
    return null;
  }
}
