import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { cliCommand } from '../../helpers/cli.js';
import { bytesServer, silentServer, type HostileServer } from '../../helpers/hostile-servers.js';

/** How long after the signal the process may take to be gone. */
const PROMPT_MS = 500;

// One server per test: the signal is sent when this process's request has arrived, not another's.
const started: HostileServer[] = [];
async function serve(make: () => Promise<HostileServer>): Promise<HostileServer> {
  const server = await make();
  started.push(server);
  return server;
}
const notReadyServer = (): Promise<HostileServer> => bytesServer(503, 'application/json', '{"status":"DOWN","components":{"db":{"status":"DOWN"}}}');
afterAll(async () => {
  await Promise.all(started.map((s) => s.close()));
});

interface Interrupted {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** From the signal to the exit. */
  afterSignalMs: number;
}

/** Starts the binary, waits until `server` has seen `requests` requests, then sends `signal`. */
function interrupt(args: string[], server: HostileServer, requests: number, signal: NodeJS.Signals): Promise<Interrupted> {
  const before = server.hits;
  const child = spawn(...cliCommand(args), { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    let sentAt = 0;
    const poll = setInterval(() => {
      if (sentAt === 0 && server.hits - before >= requests) {
        sentAt = performance.now();
        child.kill(signal);
      }
    }, 10);
    const guard = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('error', reject);
    child.on('close', (code, sig) => {
      clearInterval(poll);
      clearTimeout(guard);
      resolve({ code, signal: sig, stdout, stderr, afterSignalMs: sentAt === 0 ? Number.NaN : performance.now() - sentAt });
    });
  });
}

const CODE: Record<'SIGTERM' | 'SIGINT', number> = { SIGTERM: 143, SIGINT: 130 };

describe.concurrent('SIGTERM and SIGINT end a check promptly, with a non-zero exit and a message', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    for (const runtime of ['plain', 'docker', 'kubernetes'] as const) {
      it(`probe waiting for a first byte, ${signal}, ${runtime}`, async () => {
        const silent = await serve(silentServer);
        const r = await interrupt(['probe', `${silent.url}/status`, '--runtime', runtime, '--timeout', '10s'], silent, 1, signal);
        expect(r.signal, 'exits by itself, not killed by the signal').toBeNull();
        expect(r.code).toBe(CODE[signal]);
        expect(r.afterSignalMs).toBeLessThan(PROMPT_MS);
        expect(r.stderr).toContain(`interrupted by ${signal}`);
        expect(r.stdout + r.stderr).not.toMatch(/\n\s+at \S/);
      });
    }

    it(`wait polling a service that is not ready, ${signal}`, async () => {
      const notReady = await serve(notReadyServer);
      const r = await interrupt(['wait', `${notReady.url}/actuator/health`, '--runtime', 'plain', '--timeout', '30s', '--interval', '200ms'], notReady, 2, signal);
      expect(r.signal).toBeNull();
      expect(r.code).not.toBe(0);
      expect(r.code).not.toBeNull();
      expect(r.afterSignalMs).toBeLessThan(PROMPT_MS);
      expect(r.stdout + r.stderr).toContain(`interrupted by ${signal}`);
      expect(r.stdout + r.stderr).not.toMatch(/\n\s+at \S/);
    });

    it(`wait in the middle of an attempt that never answers, ${signal}, docker`, async () => {
      const silent = await serve(silentServer);
      const r = await interrupt(['wait', `${silent.url}/status`, '--runtime', 'docker', '--timeout', '30s'], silent, 1, signal);
      expect(r.signal).toBeNull();
      expect(r.code).not.toBe(0);
      expect(r.code).not.toBe(2);
      expect(r.afterSignalMs).toBeLessThan(PROMPT_MS);
      expect(r.stdout + r.stderr).toContain(`interrupted by ${signal}`);
    });
  }
});
