import { makeInert } from '../base/inert.js';
import type { Report, ReportComponent } from '../check/report.js';
import { stateWords } from '../model/summary.js';

/** `storage.backend: running, failed: ping postgres: timeout` — one component, one line, its text made inert. */
export function componentLine(c: ReportComponent, inert: (text: string) => string = makeInert): string {
  return c.error === null ? `${inert(c.name)}: ${stateWords(c)}` : `${inert(c.name)}: ${stateWords(c)}: ${inert(c.error)}`;
}

/** The components that keep the chosen probe from passing outright. */
export function failingComponents(report: Report): ReportComponent[] {
  return report.components.filter((c) => c.counted && c.verdict !== 'pass');
}

/** Where the answer came from, without anything that changes between runs. */
export function contextLine(report: Report): string {
  const parts = [`probe=${report.probe}`, `target=${makeInert(report.target)}`];
  if (report.format !== null) parts.push(`format=${report.format}`);
  if (report.http !== null) parts.push(`http=${report.http.status}`);
  return parts.join(' ');
}
