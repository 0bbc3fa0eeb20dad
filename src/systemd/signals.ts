/** Signals passed on to the service as they are (SIGABRT is systemd's watchdog signal: the service's core dump is the useful one). */
export const FORWARDED_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGALRM', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH', 'SIGABRT'] as const;
/** Ctrl-Z and `fg` on a terminal: the service's process group stops and continues with healthctl. */
export const JOB_CONTROL_SIGNALS = ['SIGTSTP', 'SIGCONT'] as const;
export const HANDLED_SIGNALS = [...FORWARDED_SIGNALS, ...JOB_CONTROL_SIGNALS] as const;
export type HandledSignal = (typeof HANDLED_SIGNALS)[number];

/** A stop signal this long after the first one kills the service's process group instead of being passed on again. */
export const STOP_GRACE_MS = 1000;

/**
 * What a signal asks of `run`: `stop` (passed on), `hangup` (the terminal healthctl ran on is
 * gone: the service is stopped with SIGTERM, not reloaded), `reload`, `pass`, `suspend`, `resume`.
 */
export type SignalMeaning = 'stop' | 'hangup' | 'reload' | 'pass' | 'suspend' | 'resume';

export function signalMeaning(name: HandledSignal, terminalHungUp: boolean): SignalMeaning {
  switch (name) {
    case 'SIGTERM':
    case 'SIGINT':
      return 'stop';
    case 'SIGHUP':
      return terminalHungUp ? 'hangup' : 'reload';
    case 'SIGTSTP':
      return 'suspend';
    case 'SIGCONT':
      return 'resume';
    default:
      return 'pass';
  }
}

/** Calls `handle` for every handled signal until the returned function is called; while listening, none of them ends healthctl. */
export function listenForSignals(handle: (name: HandledSignal) => void): () => void {
  const offs = HANDLED_SIGNALS.map((name) => {
    const handler = (): void => handle(name);
    process.on(name, handler);
    return () => process.off(name, handler);
  });
  return () => {
    for (const off of offs) off();
  };
}
