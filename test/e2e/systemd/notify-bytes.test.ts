import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliCommand } from '../../helpers/cli.js';
import { closedPort } from '../../helpers/http-server.js';
import { checkComponent } from '../../helpers/require-component.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/sample-service.mjs', import.meta.url));
const RECEIVER = fileURLToPath(new URL('./fixtures/notify-receiver.py', import.meta.url));

function missing(): string | null {
  if (spawnSync('python3', ['-c', 'import socket; socket.AF_UNIX'], { stdio: 'ignore' }).status !== 0) return 'python3 (the datagram receiver) is missing';
  if (spawnSync('systemd-notify', ['--help'], { stdio: 'ignore' }).status !== 0) return 'systemd-notify is missing';
  return null;
}
const skip = checkComponent('systemd', missing());

interface Datagram {
  data: string;
  fds: number;
  monoUsec: number;
}

/** A python3 receiver bound like systemd's notify socket; collects every datagram. */
async function receiver(address: string): Promise<{ datagrams: Datagram[]; next(match: (d: Datagram) => boolean, timeoutMs?: number): Promise<Datagram>; stop(): void }> {
  const child = spawn('python3', [RECEIVER, address], { stdio: ['ignore', 'pipe', 'inherit'] });
  const datagrams: Datagram[] = [];
  const waiters: Array<{ match: (d: Datagram) => boolean; resolve: (d: Datagram) => void }> = [];
  // next() looks only after the datagram it matched last, so order is part of every wait.
  let cursor = 0;
  const take = (match: (d: Datagram) => boolean): Datagram | undefined => {
    const i = datagrams.findIndex((d, k) => k >= cursor && match(d));
    if (i < 0) return undefined;
    cursor = i + 1;
    return datagrams[i];
  };
  let bound: () => void = () => {};
  const isBound = new Promise<void>((r) => (bound = r));
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line === 'bound') return bound();
    const d: unknown = JSON.parse(line);
    if (typeof d !== 'object' || d === null || !('data' in d) || !('fds' in d) || !('monoUsec' in d)) throw new Error(`receiver: ${line}`);
    datagrams.push({ data: String(d.data), fds: Number(d.fds), monoUsec: Number(d.monoUsec) });
    const w = waiters[0];
    const found = w === undefined ? undefined : take(w.match);
    if (w !== undefined && found !== undefined) {
      waiters.shift();
      w.resolve(found);
    }
  });
  await isBound;
  return {
    datagrams,
    next(match, timeoutMs = 10_000) {
      const found = take(match);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching datagram; got ${JSON.stringify(datagrams.map((d) => d.data))}`)), timeoutMs);
        waiters.push({ match, resolve: (d) => (clearTimeout(timer), resolve(d)) });
      });
    },
    stop: () => void child.kill('SIGTERM'),
  };
}

function startRun(env: NodeJS.ProcessEnv, port: number, extra: string[] = []): { child: ChildProcess; exit: Promise<number | null>; stderr: () => string } {
  const child = spawn(...cliCommand(['run', '--target', `http://127.0.0.1:${port}/status`, ...extra, '--', process.execPath, FIXTURE, String(port), '400']), {
    env: { PATH: process.env['PATH'], ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, exit, stderr: () => stderr };
}

const READY = 'READY=1\nSTATUS=READY: 8 of 8 components ready';

describe.skipIf(skip !== null)('sd_notify datagrams, byte for byte', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'healthctl-notify-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const cases = [
    { sender: 'python3', socket: 'path' },
    { sender: 'python3', socket: 'abstract' },
    { sender: 'systemd-notify', socket: 'path' },
    { sender: 'systemd-notify', socket: 'abstract' },
  ] as const;

  it.each(cases)('$sender to a $socket socket: EXTEND, WATCHDOG, READY, RELOADING + MONOTONIC_USEC, READY, STOPPING, barrier', async ({ sender, socket }) => {
    const address = socket === 'path' ? join(dir, `${sender}.sock`) : `@healthctl-test-${process.pid}-${sender}`;
    const rx = await receiver(address);
    const port = await closedPort();
    const run = startRun({ NOTIFY_SOCKET: address, WATCHDOG_USEC: '600000', HEALTHCTL_NOTIFY_SENDER: sender }, port);
    try {
      await rx.next((d) => d.data === READY);
      await rx.next((d) => d.data === 'WATCHDOG=1');
      run.child.kill('SIGHUP');
      const reloading = await rx.next((d) => d.data.startsWith('RELOADING=1'));
      await rx.next((d) => d.data === READY);
      run.child.kill('SIGTERM');
      expect(await run.exit).toBe(0);
      const texts = rx.datagrams.map((d) => d.data);

      expect(texts).toContainEqual(expect.stringMatching(/^EXTEND_TIMEOUT_USEC=30000000\nSTATUS=NOT READY: [1-8] of 8 components not ready: [^\n]+$/));
      const match = /^RELOADING=1\nMONOTONIC_USEC=(\d+)\nSTATUS=reloading: SIGHUP sent to the service$/.exec(reloading.data);
      expect(match, reloading.data).not.toBeNull();
      // The same clock as systemd's: CLOCK_MONOTONIC, taken when SIGHUP arrived (a queued sender may deliver it later).
      const lag = reloading.monoUsec - Number(match?.[1]);
      expect(lag).toBeGreaterThanOrEqual(0);
      expect(lag).toBeLessThan(3_000_000);
      expect(texts).toContain(`STOPPING=1\nSTATUS=stopping: SIGTERM sent to ${process.execPath}`);

      const order = ['READY=1', 'RELOADING=1', 'READY=1', 'STOPPING=1'].reduce<number>((at, prefix) => {
        const i = texts.findIndex((t, k) => k > at && t.startsWith(prefix));
        expect(i, `${prefix} after datagram ${at}: ${JSON.stringify(texts)}`).toBeGreaterThan(at);
        return i;
      }, -1);
      expect(order).toBeGreaterThan(0);
      // Every datagram is one of the protocol's, nothing else.
      for (const t of texts) expect(t).toMatch(/^(READY=1\nSTATUS=|STATUS=|WATCHDOG=1$|EXTEND_TIMEOUT_USEC=\d+\nSTATUS=|RELOADING=1\nMONOTONIC_USEC=\d+\nSTATUS=|STOPPING=1\nSTATUS=|BARRIER=1$)/);
      // The barrier closes the stream: nothing the sender sent can be lost when it exits.
      const barriers = rx.datagrams.filter((d) => d.data === 'BARRIER=1');
      expect(barriers.length).toBeGreaterThan(0);
      for (const b of barriers) expect(b.fds).toBe(1);
      if (sender === 'systemd-notify') expect(barriers.length).toBe(texts.length / 2);
      else expect(barriers).toHaveLength(1);
    } finally {
      run.child.kill('SIGKILL');
      rx.stop();
    }
  });

  it('no WATCHDOG=1 when WATCHDOG_PID names another process', async () => {
    const address = join(dir, 'watchdog-pid.sock');
    const rx = await receiver(address);
    const port = await closedPort();
    const run = startRun({ NOTIFY_SOCKET: address, WATCHDOG_USEC: '200000', WATCHDOG_PID: '1' }, port);
    try {
      await rx.next((d) => d.data === READY);
      await new Promise((r) => setTimeout(r, 600));
      run.child.kill('SIGTERM');
      expect(await run.exit).toBe(0);
      expect(rx.datagrams.map((d) => d.data)).not.toContain('WATCHDOG=1');
    } finally {
      run.child.kill('SIGKILL');
      rx.stop();
    }
  });

  it('STATUS= goes back to a clean ready line after a failure clears, and WATCHDOG=1 stops while a --critical component fails', async () => {
    const address = join(dir, 'recovery.sock');
    const rx = await receiver(address);
    const port = await closedPort();
    const run = startRun({ NOTIFY_SOCKET: address, WATCHDOG_USEC: '400000' }, port, ['--critical', 'storage.backend']);
    const set = (body: object): Promise<Response> => fetch(`http://127.0.0.1:${port}/control/components/storage.backend`, { method: 'PUT', body: JSON.stringify(body) });
    try {
      await rx.next((d) => d.data === READY);
      await set({ status: 'RUNNING', error: 'disk full' });
      await rx.next((d) => d.data === 'STATUS=NOT READY: 1 of 8 components not ready: storage.backend failed: disk full');
      const failedAt = rx.datagrams.length;
      await new Promise((r) => setTimeout(r, 700));
      expect(rx.datagrams.slice(failedAt).map((d) => d.data)).not.toContain('WATCHDOG=1');
      await set({ status: 'RUNNING', error: null });
      await rx.next((d) => d.data === 'STATUS=READY: 8 of 8 components ready');
      await rx.next((d) => d.data === 'WATCHDOG=1');
      run.child.kill('SIGTERM');
      expect(await run.exit).toBe(0);
    } finally {
      run.child.kill('SIGKILL');
      rx.stop();
    }
  });
});
