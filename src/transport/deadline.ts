import { formatDuration } from '../base/durations.js';
import { HealthctlError } from '../base/errors.js';
import type { NetPhase, Timings } from '../base/timings.js';

type MeasuredPhase = 'dns' | 'connect' | 'tls' | 'firstByte';

/** Per-phase durations, summed over every connection of one check (redirects included). */
export class PhaseClock {
  readonly startedAt = performance.now();
  private readonly spent: Record<MeasuredPhase, number | null> = { dns: null, connect: null, tls: null, firstByte: null };

  add(phase: MeasuredPhase, ms: number): void {
    this.spent[phase] = (this.spent[phase] ?? 0) + ms;
  }

  snapshot(): Timings {
    return {
      dnsMs: round(this.spent.dns),
      connectMs: round(this.spent.connect),
      tlsMs: round(this.spent.tls),
      firstByteMs: round(this.spent.firstByte),
      totalMs: round(performance.now() - this.startedAt) ?? 0,
    };
  }
}

/** Where a check is, so a timeout or an interruption can say where it stopped. */
export interface Stage {
  phase: NetPhase;
  /** `127.0.0.1:8080`, `unix:/run/app.sock`, or the host name while resolving. */
  address: string;
  /** Replaces the phase's usual wording after "timeout after 300ms" (e.g. `reading headers from`). */
  doing?: string;
}

/** One absolute deadline and one cancel signal, shared by every stage of a check. */
export interface Budget {
  /** Absolute, on the performance.now() clock. */
  readonly deadline: number;
  readonly signal: AbortSignal | null;
  /** The duration "timeout after …" names. */
  readonly budgetMs: number;
  readonly clock: PhaseClock;
}

/** A check's budget, its clock starting now; `budgetMs` is what "timeout after …" names (by default, the time left to the deadline). */
export function startBudget(deadline: number, signal: AbortSignal | null, budgetMs?: number): Budget {
  const clock = new PhaseClock();
  return { deadline, signal, budgetMs: budgetMs ?? deadline - clock.startedAt, clock };
}

export interface StageControl {
  /** Runs when the deadline or the signal ends the stage: destroy sockets here. */
  onCancel(cancel: () => void): void;
  /** Moves the stage on (first byte → body) so a timeout names where it stopped. */
  enter(stage: Stage): void;
}

/**
 * Runs one stage of a check against the budget: settles exactly once, with the work's
 * result, or with a `timeout` (deadline) or `unreachable` (signal) HealthctlError,
 * and leaves no timer or listener behind.
 */
export function runStage<T>(budget: Budget, initial: Stage, work: (control: StageControl) => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let stage = initial;
    let settled = false;
    let cancelled = false;
    const cancels: Array<() => void> = [];
    let timer: NodeJS.Timeout | undefined;

    const finish = (): boolean => {
      if (settled) return false;
      settled = true;
      clearTimeout(timer);
      budget.signal?.removeEventListener('abort', onAbort);
      return true;
    };
    const cancel = (error: HealthctlError): void => {
      if (!finish()) return;
      cancelled = true;
      for (const run of cancels) run();
      reject(error);
    };
    const onAbort = (): void => cancel(interrupted(budget, stage));

    const remaining = budget.deadline - performance.now();
    if (budget.signal?.aborted === true) return cancel(interrupted(budget, stage));
    if (remaining <= 0) return cancel(timedOut(budget, stage));
    timer = setTimeout(() => cancel(timedOut(budget, stage)), remaining);
    budget.signal?.addEventListener('abort', onAbort, { once: true });

    const control: StageControl = {
      onCancel: (run) => {
        if (cancelled) run();
        else if (!settled) cancels.push(run);
      },
      enter: (next) => {
        stage = next;
      },
    };
    work(control).then(
      (value) => {
        if (finish()) resolve(value);
      },
      (error: unknown) => {
        if (finish()) reject(error);
      },
    );
  });
}

const DOING: Record<NetPhase, string> = {
  dns: 'resolving',
  connect: 'connecting to',
  tls: 'during TLS handshake with',
  'first-byte': 'waiting for first byte from',
  body: 'reading body from',
  call: 'waiting for the call to',
};

const PHASE_NAME: Record<NetPhase, string> = {
  dns: 'DNS lookup',
  connect: 'connect',
  tls: 'TLS handshake',
  'first-byte': 'first byte',
  body: 'body',
  call: 'call',
};

function timedOut(budget: Budget, stage: Stage): HealthctlError {
  const doing = stage.doing ?? DOING[stage.phase];
  return new HealthctlError('timeout', `timeout after ${formatDuration(budget.budgetMs)} ${doing} ${stage.address}`, {
    phase: stage.phase,
    address: stage.address,
    timings: budget.clock.snapshot(),
  });
}

// The caller decides what an interruption means for the exit code; unreachable keeps it out of `timeout`.
function interrupted(budget: Budget, stage: Stage): HealthctlError {
  return new HealthctlError('unreachable', `interrupted by signal during ${PHASE_NAME[stage.phase]} (${stage.address})`, {
    phase: stage.phase,
    address: stage.address,
    timings: budget.clock.snapshot(),
  });
}

function round(ms: number | null): number | null {
  return ms === null ? null : Math.round(ms * 100) / 100;
}
