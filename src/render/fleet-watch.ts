import { formatDuration } from '../base/durations.js';
import { makeInert } from '../base/inert.js';
import { clip } from '../base/text.js';
import { PROBE_WORDS } from '../model/summary.js';
import type { ProbeKind } from '../model/types.js';
import type { FleetReport } from '../reports/fleet-report.js';
import type { Transition } from '../reports/transitions.js';
import { timestamp, transitionText } from './diagnose-watch.js';
import { renderFleetTable } from './fleet-table.js';
import type { Paint } from './paint.js';

/** One replica's change, as the fleet's watch shows it. */
export interface FleetTransition {
  at: Date;
  /** The target's label, or null for the fleet's own verdict. */
  label: string | null;
  transition: Transition;
}

/** `10.0.0.7:8080: readiness pass → fail: NOT READY: …`; `fleet: …` for the fleet's own verdict. */
export function fleetTransitionText(t: FleetTransition): string {
  return `${t.label === null ? 'fleet' : makeInert(t.label)}: ${transitionText(t.transition)}`;
}

/** One timestamped line per transition, for logs and pipes. */
export function fleetTransitionLines(transitions: readonly FleetTransition[]): string {
  return transitions.map((t) => `${timestamp(t.at)} ${fleetTransitionText(t)}\n`).join('');
}

export interface FleetFrameOptions {
  paint: Paint;
  width: number;
  rows: number;
  /** `3 targets · readiness · runtime plain (auto: no runtime detected) · deadline 5s`. */
  context: string;
  changed: ReadonlySet<string>;
  recent: readonly FleetTransition[];
  intervalMs: number;
  checkedAt: Date;
}

/** How many recent transitions the live view keeps on screen. */
export const FLEET_RECENT_SHOWN = 6;

/** One screenful, never more than `rows` lines: the table (as many targets as fit), the summary, recent transitions. */
export function renderFleetFrame(report: FleetReport, o: FleetFrameOptions): string[] {
  const p = o.paint;
  const head = [p.bold(clip(`healthctl diagnose · ${o.context}`, o.width)), ''];
  const recent = o.recent.slice(-FLEET_RECENT_SHOWN).map((t) => clip(`  ${timestamp(t.at).slice(11, 19)} ${fleetTransitionText(t)}`, o.width));
  const tail = [
    '',
    p.bold(clip(makeInert(report.summary), o.width)),
    '',
    p.bold('Recent transitions'),
    ...(recent.length === 0 ? [p.dim('  none yet')] : recent),
    p.dim(clip(`checked ${timestamp(o.checkedAt).slice(11, 19)} · every ${formatDuration(o.intervalMs)} · » changed since the last refresh · Ctrl-C to stop`, o.width)),
  ];
  const [title = '', ...rows] = renderFleetTable(report.targets, { paint: p, width: o.width, changed: o.changed });
  const room = Math.max(1, o.rows - head.length - tail.length - 1);
  const shown = rows.length <= room ? rows : [...rows.slice(0, room - 1), p.dim(`  … ${rows.length - room + 1} more lines (the whole table: diagnose without --watch)`)];
  return [...head, title, ...shown, ...tail].slice(0, Math.max(1, o.rows));
}

export interface ReplicaSummary {
  label: string;
  /** From the watch's start to the replica's first passing check; null when it never passed. */
  passedAfterMs: number | null;
  /** How often it stopped passing after it had passed. */
  flaps: number;
}

/** The Ctrl-C summary: each replica's time to ready, the ones that flapped, the fleet's last word. */
export function renderFleetWatchSummary(s: { probe: ProbeKind; elapsedMs: number; checks: number; replicas: readonly ReplicaSummary[]; last: FleetReport | null }, paint: Paint): string {
  const word = PROBE_WORDS[s.probe].done;
  const lines = [paint.bold(`Watched ${s.replicas.length} targets for ${formatDuration(s.elapsedMs)} (${s.checks} refresh${s.checks === 1 ? '' : 'es'})`)];
  lines.push(`  time to ${word}:`);
  for (const r of s.replicas) {
    const when = r.passedAfterMs === null ? paint.fail(`never ${word}`) : r.passedAfterMs === 0 ? paint.pass('at the first check') : paint.pass(formatDuration(r.passedAfterMs));
    lines.push(`    ${makeInert(r.label)}: ${when}`);
  }
  const flapped = s.replicas.filter((r) => r.flaps > 0);
  if (flapped.length === 0) lines.push('  flapped: none');
  else lines.push(paint.warn(`  flapped: ${flapped.map((r) => `${makeInert(r.label)} (${r.flaps}×)`).join(', ')}`));
  if (s.last !== null) lines.push(`  last: ${makeInert(s.last.summary)}`);
  return `${lines.join('\n')}\n`;
}
