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
  /** Components that stopped passing after they had passed (going to terminating is not flapping), most flaps first. */
  flapped: Array<{ name: string; times: number }>;
  last: Report | null;
}

/** Flapping components the summary names at most; the least recently flapped are forgotten first. */
export const MAX_FLAPPING_REMEMBERED = 1000;

/**
 * Keeps what the Ctrl-C summary needs; O(components) per check. What it remembers stays bounded
 * when names churn (a worker id that changes on every answer): the names passing in the latest
 * answer, that answer's labels, and at most MAX_FLAPPING_REMEMBERED flapping components.
 */
export class WatchTracker {
  readonly #startedAt: number;
  #observation: Observation | null = null;
  #checks = 0;
  #transitions = 0;
  #passedAt: number | null = null;
  #last: Report | null = null;
  #passing = new Set<string>();
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
    if (report.error === null) this.#trackFlaps(report.components);
    if (this.#observation === null) {
      this.#observation = observe(report);
      return [];
    }
    const { transitions, next } = diffReports(this.#observation, report);
    this.#observation = next;
    this.#transitions += transitions.filter((t) => t.kind === 'component').length;
    return transitions;
  }

  /** A flap is a component passing in one answer and not in the next (draining to terminating is not one). */
  #trackFlaps(components: readonly ReportComponent[]): void {
    const passing = new Set<string>();
    for (const c of components) {
      if (c.verdict === 'pass' || c.verdict === 'warn') passing.add(c.name);
      else if (this.#passing.has(c.name) && c.phase !== 'terminating') this.#countFlap(c.name);
    }
    this.#passing = passing;
  }

  #countFlap(name: string): void {
    const times = (this.#flaps.get(name) ?? 0) + 1;
    // Re-inserted at the end, so the map's first entry is always the least recently flapped.
    this.#flaps.delete(name);
    this.#flaps.set(name, times);
    if (this.#flaps.size > MAX_FLAPPING_REMEMBERED) {
      const oldest = this.#flaps.keys().next();
      if (oldest.done !== true) this.#flaps.delete(oldest.value);
    }
  }

  /** How many component names the tracker holds: bounded, whatever the service reports over time. */
  get rememberedNames(): number {
    return this.#passing.size + this.#flaps.size + (this.#observation?.labels.size ?? 0);
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
      // Most flaps first; among equals, the most recent last.
      flapped: [...this.#flaps].map(([name, times]) => ({ name, times })).sort((a, b) => b.times - a.times),
      last: this.#last,
    };
  }
}
