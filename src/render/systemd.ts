import { formatMs } from '../base/durations.js';
import { makeInert } from '../base/inert.js';
import type { Report } from '../check/report.js';
import { componentLine, contextLine, failingComponents } from './lines.js';

/** Journal lines: no colour, one fact per line, timings at the end where the journal keeps them. */
export function renderSystemd(report: Report): string {
  const lines = [makeInert(report.summary), ...failingComponents(report).map((c) => componentLine(c))];
  const took = report.timings === null ? '' : ` took=${formatMs(report.timings.totalMs)}`;
  lines.push(`${contextLine(report)}${took}`);
  return `${lines.join('\n')}\n`;
}
