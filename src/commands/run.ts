import { resolveCheckOptions, type CheckFlags } from '../config/check-options.js';
import { parseDuration } from '../config/duration.js';
import { envString } from '../config/env.js';
import { usageError } from '../errors.js';
import type { Io } from '../io.js';
import { describeEnd, exitStatus, FORWARDED_SIGNALS, startChild, type ForwardedSignal } from '../systemd/child.js';
import { watchdogUsec, type NotifyMessage } from '../systemd/messages.js';
import { monotonicUsec } from '../systemd/monotonic.js';
import { createNotifier } from '../systemd/notify.js';
import { Supervision } from '../systemd/supervision.js';
import { Poller } from '../wait/poll.js';
import { timedOutLine } from '../wait/progress.js';

export const DEFAULT_RUN_INTERVAL_MS = 1000;
export const DEFAULT_EXTEND_MS = 30_000;

export interface RunFlags extends CheckFlags {
  target?: string;
  interval?: string;
  extendTimeout?: string;
}

/** systemd's variables are for healthctl, which speaks for the service; the service must not answer too. */
function childEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NOTIFY_SOCKET: _socket, WATCHDOG_USEC: _usec, WATCHDOG_PID: _pid, ...rest } = env;
  return rest;
}

function duration(flag: string | undefined, env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = flag ?? envString(env, name);
  const label = flag === undefined ? `HEALTHCTL_${name.replace(/([A-Z])/g, '_$1').toUpperCase()}` : `--${name.replace(/([A-Z])/g, '-$1').toLowerCase()}`;
  return value === undefined ? fallback : parseDuration(value, label);
}

/** Starts CMD, watches its health and speaks systemd's notify protocol for it; returns CMD's exit status. */
export async function runCommand(argv: readonly string[], flags: RunFlags, io: Io): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined || command === '') throw usageError('run needs a command: healthctl run [OPTIONS] -- CMD [ARGS...]');
  const { target, interval: _interval, extendTimeout: _extend, ...checkFlags } = flags;
  const options = resolveCheckOptions(target, checkFlags, io.env, io.stdoutIsTTY);
  const intervalMs = duration(flags.interval, io.env, 'interval', DEFAULT_RUN_INTERVAL_MS);
  const extendMs = duration(flags.extendTimeout, io.env, 'extendTimeout', DEFAULT_EXTEND_MS);
  const log = (line: string): void => io.stderr(`healthctl run: ${line}\n`);

  const watchdog = watchdogUsec(io.env, process.pid);
  const halfMs = watchdog === null ? null : watchdog / 2000;
  const notifier = createNotifier(io.env, log);
  const send = (m: NotifyMessage | null): void => {
    if (m !== null && notifier !== null) void notifier.send(m);
  };

  const child = startChild(command, args, childEnv(io.env));
  const supervision = new Supervision({ extendUsec: extendMs * 1000 });
  const stopPolling = new AbortController();
  // A check must finish well inside the watchdog's half-interval, or a hang would look alive.
  const requestTimeoutMs = halfMs === null ? options.timeoutMs : Math.min(options.timeoutMs, halfMs / 2);
  const poller = new Poller({ options, requestTimeoutMs, intervalMs, until: null, signal: stopPolling.signal });
  if (halfMs !== null) poller.capPause(halfMs / 2);
  const startedAt = performance.now();
  let last: Parameters<Supervision['observe']>[0] | null = null;

  const onSignal = (name: ForwardedSignal): void => {
    if (name === 'SIGTERM' || name === 'SIGINT') {
      if (supervision.phase === 'starting') log(`stopping before ready: ${last === null ? 'no check has finished yet' : timedOutLine(last, performance.now() - startedAt)}`);
      send(supervision.stop(`stopping: ${name} sent to ${command}`));
      log(`${name}: passing it to ${command} and waiting for it to exit`);
      stopPolling.abort();
    } else if (name === 'SIGHUP') {
      send(supervision.reload(monotonicUsec(), name));
      log(`${name}: passing it to ${command}; READY=1 again once it is healthy`);
      poller.wake();
    }
    child.signal(name);
  };
  const handlers = FORWARDED_SIGNALS.map((name) => {
    const handler = (): void => onSignal(name);
    process.on(name, handler);
    return () => process.off(name, handler);
  });

  const timer =
    halfMs === null
      ? null
      : setInterval(() => {
          if (supervision.alive(performance.now(), halfMs)) send(['WATCHDOG=1']);
        }, halfMs);

  const polling = (async () => {
    for await (const attempt of poller.attempts()) {
      last = attempt.report;
      const before = supervision.phase;
      for (const m of supervision.observe(attempt.report, attempt.at)) send(m);
      if (attempt.changed) log(attempt.report.summary.replace(/\s*[\r\n]+\s*/g, ' '));
      // READY's latency budget is spent: from here one check per --interval keeps idle CPU low.
      if (before !== 'ready' && supervision.phase === 'ready') poller.steady();
      if (before !== 'ready' && supervision.phase === 'ready') log(notifier === null ? 'ready (no NOTIFY_SOCKET: nothing to tell systemd)' : 'ready: READY=1 sent');
    }
  })().catch((error: unknown) => {
    if (!stopPolling.signal.aborted) log(`health checks stopped: ${error instanceof Error ? error.message : String(error)}`);
  });

  const end = await child.ended;
  stopPolling.abort();
  if (timer !== null) clearInterval(timer);
  for (const off of handlers) off();
  await polling;
  log(`${command} ${describeEnd(end)}`);
  await notifier?.close();
  return exitStatus(end);
}
