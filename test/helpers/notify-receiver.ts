import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const RECEIVER = fileURLToPath(new URL('../e2e/systemd/fixtures/notify-receiver.py', import.meta.url));

export interface Datagram {
  data: string;
  fds: number;
  monoUsec: number;
}

export interface Receiver {
  datagrams: Datagram[];
  /** The next datagram after the one matched last that matches; order is part of every wait. */
  next(match: (d: Datagram) => boolean, timeoutMs?: number): Promise<Datagram>;
  stop(): void;
}

/** Why a python3 datagram receiver and systemd-notify cannot run here, or null. */
export function notifyToolsMissing(): string | null {
  if (spawnSync('python3', ['-c', 'import socket; socket.AF_UNIX'], { stdio: 'ignore' }).status !== 0) return 'python3 (the datagram receiver) is missing';
  if (spawnSync('systemd-notify', ['--help'], { stdio: 'ignore' }).status !== 0) return 'systemd-notify is missing';
  return null;
}

/** A python3 receiver bound like systemd's notify socket (`@name` = abstract); collects every datagram. */
export async function receiver(address: string): Promise<Receiver> {
  const child = spawn('python3', [RECEIVER, address], { stdio: ['ignore', 'pipe', 'inherit'] });
  const datagrams: Datagram[] = [];
  const waiters: Array<{ match: (d: Datagram) => boolean; resolve: (d: Datagram) => void }> = [];
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
