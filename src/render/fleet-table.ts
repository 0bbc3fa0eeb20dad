import { formatMs } from '../base/durations.js';
import { makeInert } from '../base/inert.js';
import { clip } from '../base/text.js';
import { PROBE_KINDS } from '../model/types.js';
import type { FleetEntry } from '../reports/fleet-report.js';
import { stillFailing } from '../reports/still-failing.js';
import { MARK, paintVerdict, type Paint } from './paint.js';
import { wrapText } from './wrap.js';

export interface FleetTableOptions {
  paint: Paint;
  width: number;
  /** Targets whose verdict or reachability changed since the previous refresh: marked `»`. */
  changed: ReadonlySet<string>;
}

// Wide enough that two spaces always stand before the latency, however long (up to `24000ms`).
const LATENCY_WIDTH = 9;
const MIN_FAILING_WIDTH = 24;
const GAP = '  ';

function failingText(entry: FleetEntry): string {
  const { report } = entry;
  if (report.outcome === 'pass') return '–';
  return makeInert(report.outcome === 'warn' ? report.summary : stillFailing(report));
}

/**
 * One row per target: its three verdicts, format, what keeps the chosen probe from passing
 * (wrapped under its column, never cut), and the latency last, the only part that changes every
 * refresh. Colour is never the only signal.
 */
export function renderFleetTable(entries: readonly FleetEntry[], o: FleetTableOptions): string[] {
  const p = o.paint;
  const labels = entries.map((e) => makeInert(e.label));
  const targetWidth = Math.min(48, Math.max(6, ...labels.map((l) => l.length)));
  const formatWidth = Math.min(12, Math.max(6, ...entries.map((e) => (e.report.format ?? '–').length)));
  const verdictWidths = PROBE_KINDS.map((k) => k.length);
  const failingColumn = 3 + targetWidth + GAP.length + verdictWidths.reduce((n, w) => n + w + GAP.length, 0) + formatWidth + GAP.length;
  const failingWidth = Math.max(MIN_FAILING_WIDTH, o.width - failingColumn - LATENCY_WIDTH);
  const verdictHeads = PROBE_KINDS.map((k, i) => k.toUpperCase().padEnd(verdictWidths[i] ?? 0)).join(GAP);
  const head = `   ${'TARGET'.padEnd(targetWidth)}${GAP}${verdictHeads}${GAP}${'FORMAT'.padEnd(formatWidth)}${GAP}${'FAILING'.padEnd(failingWidth)}${'LATENCY'.padStart(LATENCY_WIDTH)}`;
  const lines = [p.bold(head)];
  for (const [i, e] of entries.entries()) {
    const { report } = e;
    const chosen = report.probes[report.probe];
    const lead = o.changed.has(e.label) ? p.bold(p.warn('»')) : ' ';
    const cells = PROBE_KINDS.map((k, i) => paintVerdict(p, report.probes[k], `${MARK[report.probes[k]]} ${report.probes[k]}`.padEnd(verdictWidths[i] ?? 0))).join(GAP);
    const latency = report.timings === null ? '–' : formatMs(report.timings.totalMs);
    const [first = '', ...rest] = wrapText(failingText(e), failingWidth);
    const format = clip(report.format ?? '–', formatWidth).padEnd(formatWidth);
    lines.push(`${lead}${paintVerdict(p, chosen, MARK[chosen])} ${clip(labels[i] ?? '', targetWidth).padEnd(targetWidth)}${GAP}${cells}${GAP}${format}${GAP}${paintVerdict(p, chosen, first.padEnd(failingWidth))}${latency.padStart(LATENCY_WIDTH)}`);
    for (const more of rest) lines.push(`${' '.repeat(failingColumn)}${paintVerdict(p, chosen, more)}`);
  }
  return lines.map((l) => l.trimEnd());
}
