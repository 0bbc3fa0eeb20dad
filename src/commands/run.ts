import type { Report } from '../check/report.js';
import { resolveCheckOptions, type CheckFlags } from '../config/check-options.js';
import { parseDuration } from '../base/durations.js';
import { envString } from '../config/env.js';
import { usageError } from '../base/errors.js';
import type { Io } from '../base/io.js';
import { makeInert } from '../base/inert.js';
import { describeEnd, exitStatus, startChild, type ChildEnd } from '../systemd/child.js';
import { watchdogUsec, type NotifyMessage } from '../systemd/messages.js';
import { monotonicUsec } from '../systemd/monotonic.js';
import { createNotifier } from '../systemd/notify.js';
import { dropFailedWrites } from '../systemd/outputs.js';
import { listenForSignals, signalMeaning, STOP_GRACE_MS, type HandledSignal } from '../systemd/signals.js';
import { Supervision } from '../systemd/supervision.js';
import { hasControllingTerminal, releaseTerminalAtExit, terminalHungUp } from '../systemd/terminal.js';
import { Poller } from '../wait/poll.js';
import { timedOutLine } from '../render/wait-lines.js';

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

/** Rejects with the first error nothing else caught, while supervising: the service is then stopped before healthctl exits. */
function watchForFatalErrors(): { error: Promise<never>; stop(): void } {
  let fail: (error: unknown) => void = () => {};
  const error = new Promise<never>((_resolve, reject) => (fail = reject));
  const onError = (e: unknown): void => fail(e);
  process.on('uncaughtException', onError);
  return { error, stop: () => process.off('uncaughtException', onError) };
}

/** Starts CMD, watches its health and speaks systemd's notify protocol for it; returns CMD's exit status. */
export async function runCommand(argv: readonly string[], flags: RunFlags, io: Io): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined || command === '') throw usageError('run needs a command: healthctl run [OPTIONS] -- CMD [ARGS...]');
  const { target, interval: _interval, extendTimeout: _extend, ...checkFlags } = flags;
  const options = resolveCheckOptions(target, checkFlags, io.env, io.stdoutIsTTY);
  const intervalMs = duration(flags.interval, io.env, 'interval', DEFAULT_RUN_INTERVAL_MS);
  const extendMs = duration(flags.extendTimeout, io.env, 'extendTimeout', DEFAULT_EXTEND_MS);
  // Every line is healthctl's words around text already made inert.
  const log = (line: string): void => io.stderr(`healthctl run: ${line}\n`);
  const name = makeInert(command);
  dropFailedWrites();

  const watchdog = watchdogUsec(io.env, process.pid);
  const halfMs = watchdog === null ? null : watchdog / 2000;
  const notifier = createNotifier(io.env, log);
  const send = (m: NotifyMessage | null): Promise<boolean> => (m === null || notifier === null ? Promise.resolve(false) : notifier.send(m));

  const startedOnTerminal = hasControllingTerminal();
  const child = await startChild(command, args, childEnv(io.env));
  const fatal = watchForFatalErrors();
  const supervision = new Supervision({ extendUsec: extendMs * 1000 });
  const stopPolling = new AbortController();
  // A check must finish well inside the watchdog's half-interval, or a hang would look alive.
  const requestTimeoutMs = halfMs === null ? options.timeoutMs : Math.min(options.timeoutMs, halfMs / 2);
  const poller = new Poller({ options, requestTimeoutMs, intervalMs, until: null, signal: stopPolling.signal });
  if (halfMs !== null) poller.capPause(halfMs / 2);
  const startedAt = performance.now();
  let last: Report | null = null;
  let stopSentAt: number | null = null;

  const stop = (signal: HandledSignal, pass: NodeJS.Signals, why: string): void => {
    if (stopSentAt !== null && performance.now() - stopSentAt >= STOP_GRACE_MS) {
      log(`${signal} again: killing the process group of ${name} (SIGKILL)`);
      child.signalGroup('SIGKILL');
      return;
    }
    if (stopSentAt === null) {
      stopSentAt = performance.now();
      if (supervision.phase === 'starting') log(`stopping before ready: ${last === null ? 'no check has finished yet' : timedOutLine(last, performance.now() - startedAt)}`);
      void send(supervision.stop(`stopping: ${pass} sent to ${name}`));
      stopPolling.abort();
    }
    log(`${why}: passing ${pass} to ${name} and waiting for it to exit`);
    child.signal(pass);
  };

  const onSignal = async (signal: HandledSignal): Promise<void> => {
    const hungUp = signal === 'SIGHUP' && (await terminalHungUp(startedOnTerminal));
    switch (signalMeaning(signal, hungUp)) {
      case 'stop':
        return stop(signal, signal, signal);
      case 'hangup':
        releaseTerminalAtExit();
        return stop(signal, 'SIGTERM', 'SIGHUP: the terminal hung up');
      case 'reload':
        void send(supervision.reload(monotonicUsec(), signal));
        log(`${signal}: passing it to ${name}; READY=1 again once it is healthy`);
        poller.wake();
        return child.signal(signal);
      case 'suspend':
        // Stopped together, as a shell's job: healthctl stops itself once the service has.
        child.signalGroup('SIGSTOP');
        return void process.kill(process.pid, 'SIGSTOP');
      case 'resume':
        return child.signalGroup('SIGCONT');
      case 'pass':
        return child.signal(signal);
    }
  };
  const stopListening = listenForSignals((signal) => void onSignal(signal));

  const timer =
    halfMs === null
      ? null
      : setInterval(() => {
          if (supervision.alive(performance.now(), halfMs)) void send(['WATCHDOG=1']);
        }, halfMs);

  const polling = (async () => {
    for await (const attempt of poller.attempts()) {
      last = attempt.report;
      const before = supervision.phase;
      const sent = supervision.observe(attempt.report, attempt.at).map(send);
      if (attempt.changed) log(makeInert(attempt.report.summary));
      if (before === 'ready' || supervision.phase !== 'ready') continue;
      // READY's latency budget is spent: from here one check per --interval keeps idle CPU low.
      poller.steady();
      if (notifier === null) log('ready (no NOTIFY_SOCKET: nothing to tell systemd)');
      // Said only once the datagram is out: a READY=1 that could not be sent is never reported as sent.
      else void Promise.all(sent).then((ok) => log(ok.every(Boolean) ? 'ready: READY=1 sent' : 'ready, but READY=1 could not be sent (see above)'));
    }
  })().catch((error: unknown) => {
    if (!stopPolling.signal.aborted) log(`health checks stopped: ${makeInert(error instanceof Error ? error.message : String(error))}`);
  });

  let end: ChildEnd;
  try {
    end = await Promise.race([child.ended, fatal.error]);
  } catch (error: unknown) {
    // healthctl itself failed: the service must not go on without its supervisor.
    log(`internal error while supervising; stopping ${name} (SIGTERM, then SIGKILL to its process group)`);
    void send(supervision.stop(`stopping: healthctl failed`));
    stopPolling.abort();
    await child.stopForGood();
    throw error;
  } finally {
    stopPolling.abort();
    if (timer !== null) clearInterval(timer);
    stopListening();
    fatal.stop();
  }
  await polling;
  log(`${name} ${makeInert(describeEnd(end))}`);
  await notifier?.close();
  return exitStatus(end);
}
