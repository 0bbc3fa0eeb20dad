import type { Report } from '../check/report.js';
import { message, type NotifyMessage } from './messages.js';

export type SupervisionPhase = 'starting' | 'ready' | 'reloading' | 'stopping';

/**
 * What `healthctl run` tells systemd after each check: pure decisions over reports, so the
 * protocol can be tested without a service manager.
 */
export class Supervision {
  phase: SupervisionPhase = 'starting';
  #status: string | null = null;
  #best = -1;
  #lastLiveAt: number | null = null;
  #lastAttemptAt: number | null = null;
  #reloadAt = Number.NEGATIVE_INFINITY;
  readonly #extendUsec: number;

  constructor(options: { extendUsec: number }) {
    this.#extendUsec = options.extendUsec;
  }

  /** The status line systemd shows now (the last summary sent). */
  get status(): string | null {
    return this.#status;
  }

  /**
   * The messages one check calls for: READY once startup and readiness pass, STATUS on every change, EXTEND while startup advances.
   * `startedAt` is when the check began: one that began before a reload says nothing about the reloaded service.
   */
  observe(report: Report, at: number, startedAt = at): NotifyMessage[] {
    this.#lastAttemptAt = at;
    this.#lastLiveAt = report.probes.liveness === 'fail' ? null : at;
    if (this.phase === 'stopping') return [];
    if (this.phase === 'reloading' && startedAt < this.#reloadAt) return [];
    const summary = report.summary;
    const changed = summary !== this.#status;
    this.#status = summary;
    const passing = report.probes.startup !== 'fail' && report.probes.readiness !== 'fail';
    if (passing && (this.phase === 'starting' || this.phase === 'reloading')) {
      this.phase = 'ready';
      return [message.ready(summary)];
    }
    if (this.phase === 'starting') {
      const score = progressScore(report);
      if (score > this.#best) {
        this.#best = score;
        return [message.extendTimeout(this.#extendUsec, summary)];
      }
    }
    return changed ? [message.status(summary)] : [];
  }

  /** SIGHUP at `at`: the service reloads; READY=1 follows once a check begun after it passes. */
  reload(monotonicUsec: bigint, signalName: string, at: number): NotifyMessage | null {
    if (this.phase === 'stopping') return null;
    this.phase = 'reloading';
    this.#reloadAt = at;
    this.#status = `reloading: ${signalName} sent to the service`;
    return message.reloading(monotonicUsec, this.#status);
  }

  stop(reason: string): NotifyMessage | null {
    if (this.phase === 'stopping') return null;
    this.phase = 'stopping';
    this.#status = reason;
    return message.stopping(reason);
  }

  /** WATCHDOG=1 is due only while liveness held at a check no older than `maxAgeMs`. */
  alive(now: number, maxAgeMs: number): boolean {
    return this.#lastLiveAt !== null && this.#lastLiveAt === this.#lastAttemptAt && now - this.#lastLiveAt <= maxAgeMs;
  }
}

/**
 * How far startup has come: -1 with no answer, then one point per counted component that is
 * running and one per component that passes. Only a new best counts as progress, so a flapping
 * component never keeps a stalled start alive.
 */
export function progressScore(report: Report): number {
  if (report.error !== null) return -1;
  let score = 0;
  for (const c of report.components) {
    if (!c.counted) continue;
    if (c.phase === 'running') score += 1;
    if (c.verdict !== 'fail') score += 1;
  }
  return score;
}
