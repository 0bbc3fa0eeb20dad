import { formatDuration } from '../base/durations.js';
import { makeInert } from '../base/inert.js';
import type { Io } from '../base/io.js';
import { pause } from '../base/sleep.js';
import { diagnoseFleetOnce, type FleetDiagnoseSetup } from '../fleet/diagnose.js';
import { timestamp } from '../render/diagnose-watch.js';
import { fleetTransitionLines, renderFleetFrame, renderFleetWatchSummary, type FleetTransition } from '../render/fleet-watch.js';
import { loadPaint, wantsColour } from '../render/paint.js';
import type { FleetReport } from '../reports/fleet-report.js';
import { LiveScreen } from './live-screen.js';
import { fleetVerdictChange, Replica } from './replica.js';

export interface FleetWatchSetup extends FleetDiagnoseSetup {
  intervalMs: number;
}

/** How many transitions the live view remembers: it shows the last few; memory stays flat over long watches. */
const RECENT_KEPT = 50;

/**
 * `diagnose --watch` over a fleet: every target checked each interval until Ctrl-C, then each
 * replica's time to ready and the ones that flapped. On a terminal the table refreshes in place;
 * piped, one timestamped line per replica transition; with -o json, one fleet document per
 * refresh that changed something. Exits with the last refresh's code.
 */
export async function watchFleet(setup: FleetWatchSetup, io: Io): Promise<number> {
  const first = setup.fleet.targets[0];
  if (first === undefined) throw new Error('a fleet without targets');
  const { output } = first;
  const { intervalMs } = setup;
  const paint = await loadPaint(output === 'text' && wantsColour(io.env, io.stdoutIsTTY));
  const startedAt = performance.now();
  const replicas = setup.members.map((m) => new Replica(m.label, startedAt));
  const choice = setup.runtimeChoice.reason === null ? setup.runtimeChoice.source : `${setup.runtimeChoice.source}: ${setup.runtimeChoice.reason}`;
  const context = `${replicas.length} targets · ${first.probe} · runtime ${first.runtime} (${choice}) · deadline ${formatDuration(first.timeoutMs)}`;
  const screen = io.stdoutIsTTY && output === 'text' ? new LiveScreen(io) : null;
  const recent: FleetTransition[] = [];
  let last: FleetReport | null = null;
  let checks = 0;
  try {
    while (!io.signal.aborted) {
      const started = performance.now();
      let report: FleetReport;
      try {
        report = (await diagnoseFleetOnce(setup, io)).report;
      } catch (error: unknown) {
        if (io.signal.aborted) break;
        throw error;
      }
      checks += 1;
      const at = new Date();
      const transitions: FleetTransition[] = [];
      report.targets.forEach((entry, i) => {
        // Counted from each refresh's start, the first one being the watch's: passing at once took no time.
        for (const transition of replicas[i]?.record(entry.report, checks === 1 ? startedAt : started) ?? []) transitions.push({ at, label: entry.label, transition });
      });
      transitions.push(...fleetVerdictChange(last, report, at));
      const firstRefresh = last === null;
      last = report;
      if (screen !== null) {
        recent.push(...transitions);
        recent.splice(0, Math.max(0, recent.length - RECENT_KEPT));
        const changed = new Set(transitions.flatMap((t) => (t.label === null ? [] : [t.label])));
        // One column spare: clear-to-end-of-line on the last column would erase the character written there.
        screen.show(({ columns, rows }) => renderFleetFrame(report, { paint, width: columns - 1, rows, context, changed, recent, intervalMs, checkedAt: at }));
      } else if (output === 'json') {
        if (firstRefresh || transitions.length > 0) io.stdout(`${JSON.stringify(report)}\n`);
      } else {
        if (firstRefresh) io.stdout(`${timestamp(at)} watching ${context.replace(/ · deadline .*$/, '')} every ${intervalMs}ms: ${makeInert(report.summary)}\n`);
        io.stdout(fleetTransitionLines(transitions));
      }
      await pause(intervalMs - (performance.now() - started), [io.signal]);
    }
  } finally {
    screen?.close();
  }
  if (output === 'text') {
    const now = performance.now();
    const summaries = replicas.map((r) => r.summary(first.probe, now));
    io.stdout(renderFleetWatchSummary({ probe: first.probe, elapsedMs: now - startedAt, checks, replicas: summaries, last }, paint));
  }
  if (last === null) throw io.signal.reason;
  return last.exitCode;
}
