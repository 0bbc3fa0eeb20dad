import type { Report, ReportComponent } from '../check/report.js';
import type { ProbeKind, Verdict } from '../model/types.js';

/** One change seen between two checks. */
export type Transition =
  | { kind: 'component'; name: string; from: string | null; to: string | null }
  | { kind: 'service'; from: string; to: string; detail: string }
  | { kind: 'probe'; probe: ProbeKind; from: Verdict; to: Verdict; summary: string };

/** `starting`, `running`, `running, failed: ping postgres: timeout`, `unavailable`. */
export function componentLabel(c: Pick<ReportComponent, 'phase' | 'condition' | 'error'>): string {
  const state = c.phase === 'unavailable' || c.condition === 'ok' ? c.phase : `${c.phase}, ${c.condition}`;
  return c.error === null || c.phase === 'unavailable' ? state : `${state}: ${c.error}`;
}

/** `answering`, or why there was no answer: `unreachable`, `timeout`, `bad-response`. */
export function serviceState(report: Report): string {
  return report.error === null ? 'answering' : report.outcome;
}

export interface Observation {
  /** Name → label, for the last answer that had a state model. */
  labels: Map<string, string>;
  service: string;
  verdict: Verdict;
}

export function observe(report: Report): Observation {
  const labels = new Map<string, string>();
  for (const c of report.components) labels.set(c.name, componentLabel(c));
  return { labels, service: serviceState(report), verdict: report.probes[report.probe] };
}

/**
 * What changed from `previous` to `report`, in a stable order: the service's reachability,
 * then components (in the report's order, then vanished ones), then the chosen probe's verdict.
 * An answer without a state model keeps the last known components rather than dropping them all.
 */
export function diffReports(previous: Observation, report: Report): { transitions: Transition[]; next: Observation } {
  const transitions: Transition[] = [];
  const service = serviceState(report);
  if (service !== previous.service) {
    transitions.push({ kind: 'service', from: previous.service, to: service, detail: report.error ?? report.summary });
  }
  let labels = previous.labels;
  if (report.error === null) {
    labels = new Map<string, string>();
    for (const c of report.components) {
      const label = componentLabel(c);
      labels.set(c.name, label);
      const before = previous.labels.get(c.name) ?? null;
      if (before !== label) transitions.push({ kind: 'component', name: c.name, from: before, to: label });
    }
    for (const [name, before] of previous.labels) {
      if (!labels.has(name)) transitions.push({ kind: 'component', name, from: before, to: null });
    }
  }
  const verdict = report.probes[report.probe];
  if (verdict !== previous.verdict) transitions.push({ kind: 'probe', probe: report.probe, from: previous.verdict, to: verdict, summary: report.summary });
  return { transitions, next: { labels, service, verdict } };
}

export interface WatchSummary {
  probe: ProbeKind;
  elapsedMs: number;
  checks: number;
  /** From the first check to the first passing one; 0 when the first check passed; null when none did. */
  passedAfterMs: number | null;
  transitions: number;
  /** Components that stopped passing after they had passed (going to terminating is not flapping). */
  flapped: Array<{ name: string; times: number }>;
  last: Report | null;
}

/** Keeps what the Ctrl-C summary needs; O(components) per check. */
export class WatchTracker {
  readonly #startedAt: number;
  #observation: Observation | null = null;
  #checks = 0;
  #transitions = 0;
  #passedAt: number | null = null;
  #last: Report | null = null;
  readonly #passing = new Set<string>();
  readonly #flaps = new Map<string, number>();

  constructor(startedAt: number) {
    this.#startedAt = startedAt;
  }

  /** Records one check; returns what changed since the previous one (nothing for the first). */
  record(report: Report, at: number): Transition[] {
    this.#checks += 1;
    this.#last = report;
    const verdict = report.probes[report.probe];
    if (this.#passedAt === null && verdict !== 'fail') this.#passedAt = at;
    if (report.error === null) {
      for (const c of report.components) {
        const passing = c.verdict === 'pass' || c.verdict === 'warn';
        if (passing) {
          this.#passing.add(c.name);
        } else {
          if (this.#passing.has(c.name) && c.phase !== 'terminating') this.#flaps.set(c.name, (this.#flaps.get(c.name) ?? 0) + 1);
          this.#passing.delete(c.name);
        }
      }
    }
    if (this.#observation === null) {
      this.#observation = observe(report);
      return [];
    }
    const { transitions, next } = diffReports(this.#observation, report);
    this.#observation = next;
    this.#transitions += transitions.filter((t) => t.kind === 'component').length;
    return transitions;
  }

  /** Name → label before the latest check, for marking what changed. */
  get observation(): Observation | null {
    return this.#observation;
  }

  summary(probe: ProbeKind, now: number): WatchSummary {
    return {
      probe,
      elapsedMs: now - this.#startedAt,
      checks: this.#checks,
      passedAfterMs: this.#passedAt === null ? null : this.#passedAt - this.#startedAt,
      transitions: this.#transitions,
      flapped: [...this.#flaps].map(([name, times]) => ({ name, times })),
      last: this.#last,
    };
  }
}
