import { makeInertForNagios } from '../base/inert.js';
import type { Report } from '../check/report.js';
import { componentLine, failingComponents } from './lines.js';

/** The word Nagios shows for each exit code. */
export const NAGIOS_STATES = { 0: 'OK', 1: 'WARNING', 2: 'CRITICAL', 3: 'UNKNOWN' } as const;

/** The word for an exit code; UNKNOWN for any code Nagios has no word for. */
export function nagiosState(code: number): string {
  return code === 0 || code === 1 || code === 2 || code === 3 ? NAGIOS_STATES[code] : 'UNKNOWN';
}

/** `HEALTHCTL <STATE> - <summary> | perfdata`, then the failing components as long output; no `|` but the one before perfdata. */
export function renderNagios(report: Report): string {
  const failing = failingComponents(report);
  const perf = [`components=${report.components.length};;;0`, `failing=${failing.length};;;0`];
  if (report.timings !== null) perf.push(`time=${(report.timings.totalMs / 1000).toFixed(4)}s;;;0`);
  const first = `HEALTHCTL ${nagiosState(report.exitCode)} - ${makeInertForNagios(report.summary)} | ${perf.join(' ')}`;
  return `${[first, ...failing.map((c) => componentLine(c, makeInertForNagios))].join('\n')}\n`;
}
