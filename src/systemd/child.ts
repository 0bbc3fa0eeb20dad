import { constants } from 'node:os';

export type ChildEnd = { kind: 'exit'; code: number | null; signal: NodeJS.Signals | null } | { kind: 'spawn-error'; code: string | undefined; message: string };

/** How long the service gets to stop after SIGTERM when healthctl itself must exit, before SIGKILL. */
export const FORCE_KILL_AFTER_MS = 5000;

export interface Child {
  readonly pid: number | undefined;
  readonly ended: Promise<ChildEnd>;
  /** Passes a signal to the service itself. */
  signal(name: NodeJS.Signals): void;
  /** Signals the service's whole process group: job control, and the last resort. */
  signalGroup(name: NodeJS.Signals): void;
  /** healthctl must exit: SIGTERM, SIGKILL after {@link FORCE_KILL_AFTER_MS}, then SIGKILL to whatever is left of its process group. */
  stopForGood(): Promise<ChildEnd>;
}

function isSignalName(name: string | undefined): name is NodeJS.Signals {
  return name !== undefined && name in constants.signals;
}

/**
 * Starts CMD without a shell, stdio shared with healthctl, with execa (loaded here, never on a
 * probe). It gets its own session and process group, so a Ctrl-C or a hangup on a terminal
 * reaches it once, through healthctl, and never as a reload. execa's `cleanup` does not apply
 * to such a child, so healthctl kills the group itself whenever it exits while the child lives.
 */
export async function startChild(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<Child> {
  const { execa } = await import('execa');
  const subprocess = execa(command, [...args], {
    stdio: 'inherit',
    env,
    extendEnv: false,
    detached: true,
    reject: false,
    buffer: false,
    stripFinalNewline: false,
    forceKillAfterDelay: FORCE_KILL_AFTER_MS,
  });
  const pid = subprocess.pid;
  let done = false;
  const ended = subprocess.then((r): ChildEnd => {
    done = true;
    if (r.exitCode === undefined && r.signal === undefined) return { kind: 'spawn-error', code: r.code, message: r.originalMessage ?? r.shortMessage ?? String(r.code) };
    return { kind: 'exit', code: r.exitCode ?? null, signal: isSignalName(r.signal) ? r.signal : null };
  });
  const signalGroup = (name: NodeJS.Signals): void => {
    if (pid === undefined) return;
    try {
      process.kill(-pid, name);
    } catch {
      // The group is already gone.
    }
  };
  // Whatever ends healthctl (an error, process.exit), the service must not outlive it unsupervised.
  const reap = (): void => {
    if (!done) signalGroup('SIGKILL');
  };
  process.once('exit', reap);
  void ended.then(() => process.off('exit', reap));
  return {
    pid,
    ended,
    signal(name) {
      if (done || pid === undefined) return;
      try {
        process.kill(pid, name);
      } catch {
        // It exited between the check and the signal.
      }
    },
    signalGroup,
    async stopForGood() {
      // execa's kill(): SIGTERM now, SIGKILL after forceKillAfterDelay unless it has exited by then.
      if (!done) subprocess.kill();
      const end = await ended;
      signalGroup('SIGKILL');
      return end;
    },
  };
}

/** The exit status a shell would report: the code, or 128 + the signal's number; 127/126 when it could not start. */
export function exitStatus(end: ChildEnd): number {
  if (end.kind === 'spawn-error') return end.code === 'ENOENT' ? 127 : 126;
  if (end.code !== null) return end.code;
  return 128 + (end.signal === null ? 0 : (constants.signals[end.signal] ?? 0));
}

export function describeEnd(end: ChildEnd): string {
  if (end.kind === 'spawn-error') return `could not start: ${end.message}`;
  return end.signal === null ? `exited with status ${String(end.code)}` : `was killed by ${end.signal}`;
}
