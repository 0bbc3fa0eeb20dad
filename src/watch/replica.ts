import type { Report } from '../check/report.js';
import type { ProbeKind } from '../model/types.js';
import type { FleetTransition, ReplicaSummary } from '../render/fleet-watch.js';
import type { FleetReport } from '../reports/fleet-report.js';
import { WatchTracker, type Transition } from '../reports/transitions.js';

/** One replica over the watch: its tracker (what changed, when it first passed) and how often it stopped passing. */
export class Replica {
  readonly label: string;
  readonly tracker: WatchTracker;
  flaps = 0;

  constructor(label: string, startedAt: number) {
    this.label = label;
    this.tracker = new WatchTracker(startedAt);
  }

  /** The replica-level transitions of this check: its reachability and its chosen probe's verdict. */
  record(report: Report, at: number): Transition[] {
    const transitions = this.tracker.record(report, at).filter((t) => t.kind !== 'component');
    for (const t of transitions) if (t.kind === 'probe' && t.from !== 'fail' && t.to === 'fail') this.flaps += 1;
    return transitions;
  }

  summary(probe: ProbeKind, now: number): ReplicaSummary {
    return { label: this.label, passedAfterMs: this.tracker.summary(probe, now).passedAfterMs, flaps: this.flaps };
  }
}

/** The fleet's own verdict as a transition, when --require starts or stops holding. */
export function fleetVerdictChange(previous: FleetReport | null, report: FleetReport, at: Date): FleetTransition[] {
  if (previous === null || previous.held === report.held) return [];
  const verdict = (r: FleetReport): 'pass' | 'fail' => (r.held ? 'pass' : 'fail');
  return [{ at, label: null, transition: { kind: 'probe', probe: report.probe, from: verdict(previous), to: verdict(report), summary: report.summary } }];
}
