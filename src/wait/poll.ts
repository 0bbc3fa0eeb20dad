import { pause } from '../base/sleep.js';
import { buildReport } from '../check/build-report.js';
import type { Report } from '../check/report.js';
import type { HttpTransport } from '../check/run-check.js';
import { runCheckWithin } from '../check/run-within.js';
import type { CheckOptions } from '../config/check-options.js';
import { nextPause } from './backoff.js';

/** The least time the first attempt gets, however late it starts. */
const FIRST_ATTEMPT_MIN_MS = 100;

export interface PollSettings {
  options: CheckOptions;
  /** Deadline of one attempt. */
  requestTimeoutMs: number;
  /** The longest pause between attempts. */
  intervalMs: number;
  /** performance.now() after which no attempt starts (and a running one is cut short); null: poll until stopped. */
  until: number | null;
  /** Aborting it ends the loop at once: the iterator throws the abort reason. */
  signal: AbortSignal;
  /** Shared with other pollers (a fleet): an attempt waits for a free slot, so at most so many run at once. */
  slots?: { acquire(): Promise<() => void> };
  /** How HTTP(S) checks are sent; a connection of their own by default. */
  http?: HttpTransport | undefined;
}

export interface Attempt {
  report: Report;
  /** The verdicts or the failing components differ from the previous attempt's (always true for the first). */
  changed: boolean;
  /** performance.now() when the attempt began and when it finished. */
  startedAt: number;
  at: number;
  /** It timed out only because the whole wait ran out first: it says nothing about the service. */
  cut: boolean;
}

/** What makes two attempts "the same state" for backoff and transitions: no timings, no addresses. */
export function stateKey(report: Report): string {
  const { startup, liveness, readiness } = report.probes;
  return `${report.outcome}|${startup}|${liveness}|${readiness}|${report.summary}`;
}

/**
 * Repeats one check (the same runCheck + buildReport as probe) until stopped: the caller
 * decides when it has seen enough and breaks out. Pauses follow {@link nextPause}; wake()
 * cuts the current pause short (a reload wants a fresh answer now).
 */
export class Poller {
  readonly #settings: PollSettings;
  #maxPauseMs: number;
  #wake: AbortController | null = null;
  #woken = false;
  #steady = false;

  constructor(settings: PollSettings) {
    this.#settings = settings;
    this.#maxPauseMs = settings.intervalMs;
  }

  /** Lowers the longest pause (the watchdog needs fresh verdicts). */
  capPause(ms: number): void {
    this.#maxPauseMs = Math.min(this.#settings.intervalMs, ms);
  }

  /** Steady: every pause is the longest one (a service that is up needs no fast checks); a wake() ends it. */
  steady(): void {
    this.#steady = true;
  }

  /** Ends the current pause (or skips the next one) and polls fast again, as after a change. */
  wake(): void {
    this.#woken = true;
    this.#steady = false;
    this.#wake?.abort();
  }

  async *attempts(): AsyncGenerator<Attempt> {
    const { options, requestTimeoutMs, until, signal } = this.#settings;
    let previous: string | null = null;
    let changedAt = performance.now();
    for (let first = true; ; first = false) {
      if (signal.aborted) throw signal.reason;
      const release = await this.#settings.slots?.acquire();
      const start = performance.now();
      if (until !== null && start >= until && !first) {
        release?.();
        return;
      }
      // One attempt always happens, even when starting up took the whole wait.
      const end = until === null ? Number.POSITIVE_INFINITY : first ? Math.max(until, start + FIRST_ATTEMPT_MIN_MS) : until;
      const deadline = Math.min(start + requestTimeoutMs, end);
      const result = await runCheckWithin(options, deadline, signal, this.#settings.http).finally(() => release?.());
      if (signal.aborted) throw signal.reason;
      const report = buildReport(result, options);
      const at = performance.now();
      const key = stateKey(report);
      const changed = key !== previous;
      previous = key;
      if (changed) changedAt = at;
      const cut = report.outcome === 'timeout' && deadline === end && end - start < requestTimeoutMs;
      yield { report, changed, startedAt: start, at, cut };
      const pause = this.#steady ? this.#maxPauseMs : nextPause(performance.now() - changedAt, this.#maxPauseMs);
      const left = until === null ? pause : Math.min(pause, until - performance.now());
      if (left > 0 && !this.#woken) await this.#sleep(left, signal);
      if (this.#woken) {
        this.#woken = false;
        changedAt = performance.now();
      }
    }
  }

  /** Pauses `ms`, cut short by wake(); throws the abort reason when `signal` ends the loop. */
  async #sleep(ms: number, signal: AbortSignal): Promise<void> {
    this.#wake = new AbortController();
    await pause(ms, [signal, this.#wake.signal]);
    this.#wake = null;
    if (signal.aborted) throw signal.reason;
  }
}
