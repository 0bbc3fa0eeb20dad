import { formatDuration, formatElapsed } from '../base/durations.js';
import { makeInert } from '../base/inert.js';
import { clip } from '../base/text.js';
import type { Report } from '../check/report.js';
import { PROBE_WORDS } from '../model/summary.js';
import { stillFailing } from '../reports/still-failing.js';

/** The last word of a wait that ran out of time: `still not ready after 60s: authorize.service starting`; the service's text made inert. */
export function timedOutLine(report: Report, waitedMs: number): string {
  return `still ${PROBE_WORDS[report.probe].notDone} after ${formatDuration(waitedMs)}: ${makeInert(stillFailing(report))}`;
}

/** One journal line per transition: `[+1.2s] NOT READY: 2 of 8 components not ready: …`. */
export function transitionLine(report: Report, elapsedMs: number): string {
  return `[+${formatElapsed(elapsedMs)}] ${makeInert(report.summary)}`;
}

/** The live line on a terminal, redrawn in place; cut to the width so it never wraps. */
export function progressLine(report: Report, elapsedMs: number, width: number): string {
  const passing = report.outcome === 'pass' || report.outcome === 'warn';
  const text = makeInert(passing ? report.summary : `waiting ${formatElapsed(elapsedMs)} · ${PROBE_WORDS[report.probe].notDone}: ${stillFailing(report)}`);
  return clip(text, width);
}
