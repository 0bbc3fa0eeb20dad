import { formatMs } from '../base/durations.js';
import { makeInert } from '../base/inert.js';
import type { Report, ReportComponent } from '../check/report.js';
import { stateWords } from '../model/summary.js';
import { MARK, paintVerdict, verdictOf, type Paint } from './paint.js';

function componentRow(paint: Paint, c: ReportComponent, name: string, width: number): string {
  const state = stateWords(c);
  const note = c.counted ? '' : paint.dim(c.required ? ' (left out)' : ' (not required)');
  const error = c.error === null ? '' : `  ${makeInert(c.error)}`;
  return `  ${paintVerdict(paint, c.verdict, MARK[c.verdict])} ${name.padEnd(width)}  ${state}${error}${note}`;
}

/** A person at a terminal: the verdict, the components that matter, where the answer came from. */
export function renderPlain(report: Report, { paint, verbose }: { paint: Paint; verbose: boolean }): string {
  const verdict = verdictOf(report.outcome);
  const lines = [paint.bold(paintVerdict(paint, verdict, `${MARK[verdict]} ${makeInert(report.summary)}`))];
  const shown = verbose ? report.components : report.components.filter((c) => c.counted && c.verdict !== 'pass');
  const names = shown.map((c) => makeInert(c.name));
  let width = 0;
  for (const name of names) width = Math.min(40, Math.max(width, name.length));
  shown.forEach((c, i) => lines.push(componentRow(paint, c, names[i] ?? '', width)));
  const where = [report.target];
  if (report.format !== null) where.push(report.format);
  if (report.http !== null) where.push(`HTTP ${report.http.status}`);
  if (report.address !== null) where.push(report.address);
  if (report.timings !== null) where.push(formatMs(report.timings.totalMs));
  lines.push(paint.dim(`  ${makeInert(where.join(' · '))}`));
  if (verbose && report.timings !== null) {
    const t = report.timings;
    const phase = (name: string, ms: number | null): string => (ms === null ? '' : `${name} ${formatMs(ms)}  `);
    lines.push(paint.dim(`  ${phase('dns', t.dnsMs)}${phase('connect', t.connectMs)}${phase('tls', t.tlsMs)}${phase('first byte', t.firstByteMs)}total ${formatMs(t.totalMs)}`));
  }
  return `${lines.join('\n')}\n`;
}
