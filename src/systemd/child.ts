import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';

/** The signals `healthctl run` passes on to the service. */
export const FORWARDED_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGUSR1', 'SIGUSR2'] as const;
export type ForwardedSignal = (typeof FORWARDED_SIGNALS)[number];

export type ChildEnd = { kind: 'exit'; code: number | null; signal: NodeJS.Signals | null } | { kind: 'spawn-error'; error: NodeJS.ErrnoException };

export interface Child {
  readonly process: ChildProcess;
  readonly ended: Promise<ChildEnd>;
  signal(name: NodeJS.Signals): void;
}

/**
 * Starts CMD without a shell, stdio shared with healthctl. It gets its own process group, so a
 * Ctrl-C on a terminal reaches it once (forwarded by healthctl), not twice.
 */
export function startChild(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Child {
  const child = spawn(command, [...args], { stdio: 'inherit', env, detached: true });
  const ended = new Promise<ChildEnd>((resolve) => {
    child.once('error', (error: NodeJS.ErrnoException) => resolve({ kind: 'spawn-error', error }));
    child.once('exit', (code, signal) => resolve({ kind: 'exit', code, signal }));
  });
  let done = false;
  void ended.then(() => (done = true));
  // A crash of healthctl itself must not leave the service running unsupervised.
  const reap = (): void => {
    if (!done) child.kill('SIGKILL');
  };
  process.once('exit', reap);
  void ended.then(() => process.off('exit', reap));
  return {
    process: child,
    ended,
    signal(name) {
      if (!done && child.pid !== undefined) child.kill(name);
    },
  };
}

/** The exit status a shell would report: the code, or 128 + the signal's number; 127/126 when it could not start. */
export function exitStatus(end: ChildEnd): number {
  if (end.kind === 'spawn-error') return end.error.code === 'ENOENT' ? 127 : 126;
  if (end.code !== null) return end.code;
  return 128 + (end.signal === null ? 0 : (constants.signals[end.signal] ?? 0));
}

export function describeEnd(end: ChildEnd): string {
  if (end.kind === 'spawn-error') return `could not start: ${end.error.message}`;
  return end.signal === null ? `exited with status ${String(end.code)}` : `was killed by ${end.signal}`;
}
