import type { Report } from '../check/report.js';
import { PROBE_WORDS } from '../model/summary.js';
import type { Outcome, ProbeKind } from '../model/types.js';
import { exitCode } from '../runtimes/exit-code.js';
import type { RuntimeName } from '../runtimes/facts.js';
import type { Hint } from './diagnosis.js';
import { neededCount, type Requirement } from './requirement.js';
import { stillFailing } from './still-failing.js';

/** One member's part of the fleet document: how outputs name it, and its own healthctl/v1 report. */
export interface FleetEntry {
  label: string;
  report: Report;
  /** diagnose only: the hints for this target. */
  hints?: Hint[];
}

export type CheckOutcome = Exclude<Outcome, 'usage'>;

export interface FleetCounts {
  targets: number;
  /** Targets whose probe passed (pass or warn). */
  passing: number;
  /** How many must pass for the requirement to hold. */
  required: number;
  outcomes: Record<CheckOutcome, number>;
}

/** The `healthctl-fleet/v1` document, and what every runtime renders a fleet from. */
export interface FleetReport {
  schema: 'healthctl-fleet/v1';
  probe: ProbeKind;
  runtime: RuntimeName;
  /** --require as given: all, any, N or N%. */
  require: string;
  /** Whether at least `counts.required` targets passed. */
  held: boolean;
  /** pass: every target passed; warn: the requirement holds but not every target passed; else the worst failing outcome. */
  outcome: Outcome;
  exitCode: number;
  summary: string;
  counts: FleetCounts;
  targets: FleetEntry[];
  /** Targets left out of this document to stay within the runtime's output cap. */
  omittedTargets?: number;
}

/** Which failing outcome speaks for a fleet whose requirement fails: the first of these any target has. */
export const WORST_FIRST = ['fail', 'timeout', 'bad-response', 'unreachable'] as const satisfies readonly CheckOutcome[];

const SUMMARY_DETAIL_CHARS = 600;

export function targetPassed(report: Pick<Report, 'outcome'>): boolean {
  return report.outcome === 'pass' || report.outcome === 'warn';
}

/** The targets that keep the fleet from passing outright: failing ones first, then degraded ones, each group in order. */
export function notPassing(entries: readonly FleetEntry[]): FleetEntry[] {
  return [...entries.filter((e) => !targetPassed(e.report)), ...entries.filter((e) => e.report.outcome === 'warn')];
}

/** `10.0.0.7:8080: storage.backend failed: ping postgres: timeout`: a target and what holds it back (data: outputs make it inert). */
export function entryReason(entry: FleetEntry): string {
  return `${entry.label}: ${stillFailing(entry.report)}`;
}

function fleetOutcome(held: boolean, entries: readonly FleetEntry[]): Outcome {
  if (held) return entries.every((e) => e.report.outcome === 'pass') ? 'pass' : 'warn';
  return WORST_FIRST.find((o) => entries.some((e) => e.report.outcome === o)) ?? 'fail';
}

/** `NOT READY: 2 of 3 targets ready (all required); 10.0.0.7:8080: storage.backend failed: …`: stable, no timings. */
function summarize(report: Pick<FleetReport, 'probe' | 'held' | 'counts' | 'targets'>, requirement: Requirement): string {
  const words = PROBE_WORDS[report.probe];
  const { passing, targets, required } = report.counts;
  const note = requirement.kind === 'all' ? '' : ` (${required} required)`;
  const head = `${report.held ? words.yes : words.no}: ${passing} of ${targets} target${targets === 1 ? '' : 's'} ${words.done}${note}`;
  const reasons: string[] = [];
  let chars = 0;
  const behind = notPassing(report.targets);
  for (const entry of behind) {
    if (chars > SUMMARY_DETAIL_CHARS) break;
    const text = entryReason(entry);
    reasons.push(text);
    chars += text.length + 2;
  }
  const more = behind.length - reasons.length;
  if (more > 0) reasons.push(`${more} more`);
  return [head, ...reasons].join('; ');
}

/**
 * The fleet's verdict from each member's own report (one check, one evaluation each, as probe
 * makes them): how many passed against --require, and the exit code under the runtime.
 */
export function buildFleetReport(entries: FleetEntry[], context: { requirement: Requirement; probe: ProbeKind; runtime: RuntimeName }): FleetReport {
  const outcomes: Record<CheckOutcome, number> = { pass: 0, warn: 0, fail: 0, unreachable: 0, timeout: 0, 'bad-response': 0 };
  for (const e of entries) if (e.report.outcome !== 'usage') outcomes[e.report.outcome] += 1;
  const passing = outcomes.pass + outcomes.warn;
  const required = neededCount(context.requirement, entries.length);
  const held = passing >= required;
  const outcome = fleetOutcome(held, entries);
  const counts = { targets: entries.length, passing, required, outcomes };
  return {
    schema: 'healthctl-fleet/v1',
    probe: context.probe,
    runtime: context.runtime,
    require: context.requirement.given,
    held,
    outcome,
    // A fleet never runs with -a (setupFleet refuses it): the runtime's own codes.
    exitCode: exitCode({ runtime: context.runtime, pomeriumCompat: false }, outcome),
    summary: summarize({ probe: context.probe, held, counts, targets: entries }, context.requirement),
    counts,
    targets: entries,
  };
}
