import { formatDuration } from '../base/durations.js';
import { makeInert } from '../base/inert.js';
import { clip } from '../base/text.js';
import { PROBE_WORDS } from '../model/summary.js';
import type { Diagnosis } from '../reports/diagnosis.js';
import type { Transition, WatchSummary } from '../reports/transitions.js';
import { componentGroups, componentsTitle, headerLines, hintLines, runtimeLines, verdictLine, verdictLines, type DiagnoseTextOptions } from './diagnose-text.js';
import type { Paint } from './paint.js';

/** Terminal control for the live view: the alternate screen keeps the operator's scrollback untouched. */
export const SCREEN = {
  enter: '\x1b[?1049h\x1b[?25l\x1b[?7l',
  leave: '\x1b[?7h\x1b[?25h\x1b[?1049l',
  home: '\x1b[H',
  clearLine: '\x1b[K',
  clearBelow: '\x1b[J',
} as const;

/** `2026-11-24T01:02:03Z`: seconds are enough for a person reading a log. */
export function timestamp(at: Date): string {
  return `${at.toISOString().slice(0, 19)}Z`;
}

/** `authorize.service starting → running`, `service answering → unreachable: …`, `readiness fail → pass: READY: …`. */
export function transitionText(t: Transition): string {
  switch (t.kind) {
    case 'component':
      return `${makeInert(t.name)} ${t.from === null ? '(new)' : makeInert(t.from)} → ${t.to === null ? '(gone)' : makeInert(t.to)}`;
    case 'service':
      return `service ${t.from} → ${t.to}: ${makeInert(t.detail)}`;
    case 'probe':
      return `${t.probe} ${t.from} → ${t.to}: ${makeInert(t.summary)}`;
  }
}

/** One line per transition, for logs and pipes. */
export function transitionLines(transitions: readonly Transition[], at: Date): string {
  return transitions.map((t) => `${timestamp(at)} ${transitionText(t)}\n`).join('');
}

export interface FrameOptions extends DiagnoseTextOptions {
  rows: number;
  /** The latest transitions, newest last, each with its time. */
  recent: ReadonlyArray<{ at: Date; transition: Transition }>;
  intervalMs: number;
}

/** How many recent transitions the live view keeps on screen. */
export const RECENT_SHOWN = 5;

/**
 * One screenful, never more than `rows` lines: header, verdicts, as many components as fit
 * (failing first, the rest counted), runtimes in one line each, hints, recent transitions.
 */
export function renderFrame(d: Diagnosis, o: FrameOptions): string[] {
  const p = o.paint;
  const head = [...headerLines(d, o), ...verdictLine(d, o), ...verdictLines(d, o)];
  const recent = o.recent.slice(-RECENT_SHOWN).map(({ at, transition }) => clip(`  ${timestamp(at).slice(11, 19)} ${transitionText(transition)}`, o.width));
  const tail = [
    '',
    ...runtimeLines(d, o),
    ...hintLines(d, o),
    p.bold('Recent transitions'),
    ...(recent.length === 0 ? [p.dim('  none yet')] : recent),
    p.dim(clip(`checked ${timestamp(new Date(d.checkedAt)).slice(11, 19)} · every ${formatDuration(o.intervalMs)} · » changed since the last refresh · Ctrl-C to stop`, o.width)),
  ];
  const groups = componentGroups(d, o);
  const room = o.rows - head.length - tail.length - 2;
  const body: string[] = [componentsTitle(d, o)];
  let shown = 0;
  for (const group of groups) {
    const left = groups.length - shown;
    // keep one line for "… N more" unless this is the last group
    if (body.length - 1 + group.length > room - (left > 1 ? 1 : 0)) break;
    body.push(...group);
    shown += 1;
  }
  if (shown < groups.length) {
    const hidden = d.report.components.length - shown;
    body.push(p.dim(`  … ${hidden} more component${hidden === 1 ? '' : 's'} (the full list: healthctl diagnose without --watch)`));
  }
  return [...head, '', ...body, ...tail].slice(0, Math.max(1, o.rows));
}

/** Paint the frame over the previous one: home, each line then clear-to-end-of-line, then clear what is below. */
export function frameBytes(lines: readonly string[]): string {
  return `${SCREEN.home}${lines.map((l) => `${l}${SCREEN.clearLine}`).join('\r\n')}${SCREEN.clearBelow}`;
}

/** The Ctrl-C summary: how long it took to pass, how much moved, what flapped. */
export function renderWatchSummary(s: WatchSummary, paint: Paint): string {
  const probe = s.probe;
  const lines = [paint.bold(`Watched for ${formatDuration(s.elapsedMs)} (${s.checks} check${s.checks === 1 ? '' : 's'})`)];
  if (s.passedAfterMs === null) lines.push(paint.fail(`  ${probe} never passed`));
  else if (s.passedAfterMs === 0) lines.push(paint.pass(`  ${probe} passed at the first check`));
  else lines.push(paint.pass(`  time to ${PROBE_WORDS[probe].done}: ${formatDuration(s.passedAfterMs)}`));
  lines.push(`  transitions: ${s.transitions}`);
  if (s.flapped.length === 0) lines.push('  flapped: none');
  else lines.push(paint.warn(`  flapped: ${s.flapped.map((f) => `${makeInert(f.name)} (${f.times}×)`).join(', ')}`));
  if (s.last !== null) lines.push(`  last: ${makeInert(s.last.summary)}`);
  return `${lines.join('\n')}\n`;
}
