import type { Report } from '../check/report.js';
import { makeInertForNagios } from '../base/inert.js';
import { NAGIOS_STATES } from './exit-codes.js';
import { componentLine, failingComponents } from './lines.js';

function nagiosState(code: number): string {
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
