import type { Stats } from 'node:fs';
import { connect, isIPv4, type Socket } from 'node:net';
import { formatAddress, formatUnixAddress } from '../base/addresses.js';
import { HealthctlError } from '../base/errors.js';
import type { Budget, StageControl } from './deadline.js';
import { runStage } from './deadline.js';
import { connectFailure, dnsFailure, errorCode, type ConnectAttemptFailure } from './net-errors.js';

/** How long one address may stay unanswered before the next one is tried too (RFC 8305's 250 ms). */
const ATTEMPT_DELAY_MS = 250;

/**
 * `localhost` names both loopbacks: services bind one or the other (RFC 6761; Node 17+
 * resolves ::1 first). Tried IPv4 first: most health listeners bind 127.0.0.1, and an IPv6
 * connect costs node:net its IPv6 regex, the slowest step of a cold probe. Errors list ::1 first.
 */
const LOOPBACK_SHOWN = ['::1', '127.0.0.1'];
const LOOPBACK_TRIED = ['127.0.0.1', '::1'];

/** An IP literal, without net.isIP's IPv6 regex: only IPv6 literals contain a colon. */
export function isIpLiteral(host: string): boolean {
  return host.includes(':') || isIPv4(host);
}

export interface Connected {
  socket: Socket;
  /** The address that accepted: `[::1]:8080`, `127.0.0.1:8080`, `unix:/run/app.sock`. */
  address: string;
}

export function ignoreError(): void {
  // Errors are read from the stage that is listening; this keeps a late one from crashing the process.
}

/** Resolves `host` (IP literal, `localhost`, or DNS) and connects to the first address that accepts. */
export async function connectTcp(host: string, port: number, budget: Budget): Promise<Connected> {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const { tried, shown } = await candidateAddresses(bare, budget);
  const all = shown.map((a) => formatAddress(a, port)).join(', ');
  const started = performance.now();
  const connected = await runStage(budget, { phase: 'connect', address: all }, (control) =>
    connectFirst({ tried, shown, port }, budget, control),
  );
  budget.clock.add('connect', performance.now() - started);
  return connected;
}

/** Connects to a Unix stream socket. */
export async function connectUnix(path: string, budget: Budget): Promise<Connected> {
  const address = formatUnixAddress(path);
  const started = performance.now();
  const socket = await runStage(budget, { phase: 'connect', address }, (control) =>
    new Promise<Socket>((resolve, reject) => {
      const socket = connect({ path });
      socket.on('error', ignoreError);
      control.onCancel(() => socket.destroy());
      socket.once('connect', () => {
        socket.off('error', onError);
        resolve(socket);
      });
      const onError = (error: unknown): void => {
        socket.destroy();
        void unixFailure(path, error, budget).then(reject, reject);
      };
      socket.once('error', onError);
    }),
  );
  budget.clock.add('connect', performance.now() - started);
  return { socket, address };
}

/** Why a Unix socket path refused: a regular file or a directory there is named as such (the kernel says only ECONNREFUSED). */
async function unixFailure(path: string, error: unknown, budget: Budget): Promise<HealthctlError> {
  const address = formatUnixAddress(path);
  const code = errorCode(error);
  if (code === 'ECONNREFUSED' || code === 'ENOTSOCK') {
    // node:fs/promises only on this failure: a probe that connects never loads it.
    const { stat } = await import('node:fs/promises');
    const kind = await stat(path).then(fileKind, () => null);
    if (kind !== null) {
      return new HealthctlError('unreachable', `cannot connect to ${address}: the path is ${kind}, not a socket`, { phase: 'connect', address, timings: budget.clock.snapshot(), cause: error });
    }
  }
  return connectFailure([{ address, error }], budget.clock.snapshot());
}

/** What is at a path that refused a connection; null for a socket (nobody listens: the usual refusal). */
function fileKind(stats: Stats): string | null {
  if (stats.isSocket()) return null;
  if (stats.isFile()) return 'a regular file';
  if (stats.isDirectory()) return 'a directory';
  return 'a device or FIFO';
}

export interface Candidates {
  /** In the order they are tried. */
  tried: readonly string[];
  /** In the order messages list them. */
  shown: readonly string[];
}

/** The addresses `host` names: itself for an IP literal, both loopbacks for `localhost`, else what DNS (and /etc/hosts) answers. */
export async function candidateAddresses(host: string, budget: Budget): Promise<Candidates> {
  const name = host.toLowerCase();
  if (name === 'localhost' || name === 'localhost.') return { tried: LOOPBACK_TRIED, shown: LOOPBACK_SHOWN };
  if (isIpLiteral(host)) return { tried: [host], shown: [host] };
  const started = performance.now();
  const addresses = await runStage(budget, { phase: 'dns', address: host }, () => lookupAll(host, budget));
  budget.clock.add('dns', performance.now() - started);
  return { tried: addresses, shown: addresses };
}

// node:dns is loaded only when a name has to be resolved: IP and localhost probes skip it.
async function lookupAll(host: string, budget: Budget): Promise<string[]> {
  const { lookup } = await import('node:dns');
  return new Promise<string[]>((resolve, reject) => {
    lookup(host, { all: true }, (error, results) => {
      if (error !== null) reject(dnsFailure(host, error, budget.clock.snapshot()));
      else if (results.length === 0) reject(dnsFailure(host, null, budget.clock.snapshot()));
      else resolve(results.map((r) => r.address));
    });
  });
}

/**
 * Happy eyeballs, simplified: try the addresses in order, start the next one as soon as
 * the previous fails or after ATTEMPT_DELAY_MS, keep the first that accepts.
 */
function connectFirst(target: Candidates & { port: number }, budget: Budget, control: StageControl): Promise<Connected> {
  const { tried: addresses, port } = target;
  return new Promise<Connected>((resolve, reject) => {
    const pending = new Set<Socket>();
    const failures: ConnectAttemptFailure[] = [];
    let next = 0;
    let done = false;
    let delay: NodeJS.Timeout | undefined;

    const stop = (): void => {
      done = true;
      clearTimeout(delay);
      for (const socket of pending) socket.destroy();
      pending.clear();
    };
    control.onCancel(stop);

    const attempt = (): void => {
      clearTimeout(delay);
      const host = addresses[next];
      if (host === undefined || done) return;
      next += 1;
      const address = formatAddress(host, port);
      const socket = connect({ host, port });
      socket.on('error', ignoreError);
      pending.add(socket);
      const onError = (error: unknown): void => {
        pending.delete(socket);
        socket.destroy();
        if (done) return;
        failures.push({ address, error });
        if (next < addresses.length) attempt();
        else if (pending.size === 0) {
          stop();
          reject(connectFailure(inOrder(failures, target.shown, port), budget.clock.snapshot()));
        }
      };
      socket.once('error', onError);
      socket.once('connect', () => {
        socket.off('error', onError);
        pending.delete(socket);
        stop();
        resolve({ socket, address });
      });
      if (next < addresses.length) delay = setTimeout(attempt, ATTEMPT_DELAY_MS);
    };
    attempt();
  });
}

// Attempts can fail out of order; report them in a stable order.
function inOrder(failures: ConnectAttemptFailure[], addresses: readonly string[], port: number): ConnectAttemptFailure[] {
  const rank = (f: ConnectAttemptFailure): number => addresses.findIndex((a) => formatAddress(a, port) === f.address);
  return [...failures].sort((a, b) => rank(a) - rank(b));
}
