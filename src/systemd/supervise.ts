import { makeInert } from '../base/inert.js';
import type { Io } from '../base/io.js';
import type { Report } from '../check/report.js';
import type { CheckOptions } from '../config/check-options.js';
import { timedOutLine } from '../render/wait-lines.js';
import { Poller } from '../wait/poll.js';
import { describeEnd, exitStatus, startChild, type ChildEnd } from './child.js';
import { watchdogUsec, type NotifyMessage } from './messages.js';
import { monotonicUsec } from './monotonic.js';
import { createNotifier } from './notify.js';
import { listenForSignals, signalMeaning, STOP_GRACE_MS, type HandledSignal } from './signals.js';
import { Supervision } from './supervision.js';
import { hasControllingTerminal, releaseTerminalAtExit, terminalHungUp } from './terminal.js';

/** What `healthctl run` supervises: CMD, and how its health is checked. */
export interface SuperviseSetup {
  command: string;
  args: readonly string[];
  options: CheckOptions;
  /** The longest pause between checks. */
  intervalMs: number;
  /** What each step of startup's progress buys from systemd. */
  extendMs: number;
}

/** systemd's variables are for healthctl, which speaks for the service; the service must not answer too. */
function childEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NOTIFY_SOCKET: _socket, WATCHDOG_USEC: _usec, WATCHDOG_PID: _pid, ...rest } = env;
  return rest;
}

/** Rejects with the first error nothing else caught, while supervising: the service is then stopped before healthctl exits. */
function watchForFatalErrors(): { error: Promise<never>; stop(): void } {
  let fail: (error: unknown) => void = () => {};
  const error = new Promise<never>((_resolve, reject) => (fail = reject));
  const onError = (e: unknown): void => fail(e);
  process.on('uncaughtException', onError);
  return { error, stop: () => process.off('uncaughtException', onError) };
}

/**
 * Starts CMD, checks its health and speaks systemd's notify protocol for it (READY=1, STATUS=,
 * WATCHDOG=1 while liveness holds, RELOADING=1, STOPPING=1, EXTEND_TIMEOUT_USEC=); passes
 * signals on; returns CMD's exit status. Every decision is Supervision's; this is the loop.
 */
export async function supervise(setup: SuperviseSetup, io: Io): Promise<number> {
  const { command, args, options, intervalMs, extendMs } = setup;
  // Every line is healthctl's words around text already made inert.
  const log = (line: string): void => io.stderr(`healthctl run: ${line}\n`);
  const name = makeInert(command);
  io.keepGoingWhenOutputCloses();

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
        void send(supervision.reload(monotonicUsec(), signal, performance.now()));
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
      const sent = supervision.observe(attempt.report, attempt.at, attempt.startedAt).map(send);
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
