import type { FleetEntry } from '../fleet/report.js';
import { PROBE_KINDS, type Verdict } from '../model/types.js';
import { formatMs } from '../runtimes/lines.js';
import { oneLine, stillFailing } from '../wait/progress.js';
import type { Paint } from './paint.js';
import { clip } from './wrap.js';

export interface FleetTableOptions {
  paint: Paint;
  width: number;
  /** Targets whose verdict or reachability changed since the previous refresh: marked `»`. */
  changed: ReadonlySet<string>;
}

const MARK: Record<Verdict, string> = { pass: '✓', warn: '!', fail: '✗' };
const VERDICT_WIDTH = 10;
const LATENCY_WIDTH = 8;

function paintVerdict(paint: Paint, verdict: Verdict, text: string): string {
  return verdict === 'pass' ? paint.pass(text) : verdict === 'warn' ? paint.warn(text) : paint.fail(text);
}

function failingText(entry: FleetEntry): string {
  const { report } = entry;
  if (report.outcome === 'pass') return '–';
  return oneLine(report.outcome === 'warn' ? report.summary : stillFailing(report));
}

/**
 * One row per target: its three verdicts, what keeps the chosen probe from passing, format and
 * latency last (the only part that changes every refresh). Colour is never the only signal.
 */
export function renderFleetTable(entries: readonly FleetEntry[], o: FleetTableOptions): string[] {
  const p = o.paint;
  const targetWidth = Math.min(48, Math.max(6, ...entries.map((e) => e.label.length)));
  const formatWidth = Math.min(12, Math.max(6, ...entries.map((e) => (e.report.format ?? '–').length)));
  const fixed = 3 + targetWidth + 2 + 3 * VERDICT_WIDTH + formatWidth + 2 + LATENCY_WIDTH;
  const failingWidth = Math.max(20, o.width - fixed - 2);
  const head = `   ${'TARGET'.padEnd(targetWidth)}  ${PROBE_KINDS.map((k) => k.toUpperCase().padEnd(VERDICT_WIDTH)).join('')}${'FORMAT'.padEnd(formatWidth)}  ${'FAILING'.padEnd(failingWidth)}${'LATENCY'.padStart(LATENCY_WIDTH)}`;
  const rows = entries.map((e) => {
    const { report } = e;
    const chosen = report.probes[report.probe];
    const lead = o.changed.has(e.label) ? p.bold(p.warn('»')) : ' ';
    const cells = PROBE_KINDS.map((k) => paintVerdict(p, report.probes[k], `${MARK[report.probes[k]]} ${report.probes[k]}`.padEnd(VERDICT_WIDTH))).join('');
    const latency = report.timings === null ? '–' : formatMs(report.timings.totalMs);
    const failing = clip(failingText(e), failingWidth).padEnd(failingWidth);
    return `${lead}${paintVerdict(p, chosen, MARK[chosen])}${' '}${clip(e.label, targetWidth).padEnd(targetWidth)}  ${cells}${clip(report.format ?? '–', formatWidth).padEnd(formatWidth)}  ${paintVerdict(p, chosen, failing)}${latency.padStart(LATENCY_WIDTH)}`;
  });
  return [p.bold(head.trimEnd()), ...rows.map((r) => r.trimEnd())];
}
