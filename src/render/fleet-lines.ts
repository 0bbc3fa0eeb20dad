import { formatElapsed } from '../base/durations.js';
import { makeInert } from '../base/inert.js';
import { clip } from '../base/text.js';
import { PROBE_WORDS } from '../model/summary.js';
import { entryReason, notPassing, type FleetEntry, type FleetReport } from '../reports/fleet-report.js';

/** What follows the verdict word in the fleet's summary: `2 of 3 targets ready (2 required); 10.0.0.7:8080: …`. */
function summaryDetail(report: FleetReport): string {
  const colon = report.summary.indexOf(': ');
  return colon < 0 ? report.summary : report.summary.slice(colon + 2);
}

/** One journal line per target that changed: `[+1.2s] 10.0.0.7:8080: NOT READY: …`. */
export function memberTransitionLine(entry: FleetEntry, elapsedMs: number): string {
  return `[+${formatElapsed(elapsedMs)}] ${makeInert(entry.label)}: ${makeInert(entry.report.summary)}`;
}

/** The fleet's line once the requirement holds: `[+1.2s] READY: 3 of 3 targets ready`. */
export function fleetDoneLine(report: FleetReport, elapsedMs: number): string {
  return `[+${formatElapsed(elapsedMs)}] ${makeInert(report.summary)}`;
}

/** The last word of a wait that ran out of time, naming each target still failing. */
export function fleetTimedOutLine(report: FleetReport, waitedLabel: string): string {
  return `still ${PROBE_WORDS[report.probe].notDone} after ${waitedLabel}: ${makeInert(summaryDetail(report))}`;
}

/** The live line on a terminal, redrawn in place; cut to the width so it never wraps. */
export function fleetProgressLine(report: FleetReport, elapsedMs: number, width: number): string {
  const behind = notPassing(report.targets).filter((e) => e.report.outcome !== 'warn');
  const first = behind[0];
  const counts = `${report.counts.passing} of ${report.counts.targets} ${PROBE_WORDS[report.probe].done}, ${report.counts.required} required`;
  const text = report.held ? report.summary : `waiting ${formatElapsed(elapsedMs)} · ${counts}${first === undefined ? '' : ` · ${entryReason(first)}`}`;
  return clip(makeInert(text), width);
}
