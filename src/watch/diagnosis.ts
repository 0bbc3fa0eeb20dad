import { makeInert } from '../base/inert.js';
import type { Io } from '../base/io.js';
import { pause } from '../base/sleep.js';
import { diagnoseOnce, type DiagnoseSetup } from '../diagnose/session.js';
import { renderFrame, renderWatchSummary, timestamp, transitionLines } from '../render/diagnose-watch.js';
import { loadPaint, wantsColour } from '../render/paint.js';
import type { Diagnosis } from '../reports/diagnosis.js';
import { WatchTracker, type Transition } from '../reports/transitions.js';
import { LiveScreen } from './live-screen.js';

export interface WatchSetup extends DiagnoseSetup {
  intervalMs: number;
  /** Stop once the chosen probe passes (the demo without a terminal). */
  untilPass: boolean;
  /** Also stops the watch, as Ctrl-C does. */
  stop?: AbortSignal;
}

/** How many transitions the live view remembers, newest last. */
const RECENT_KEPT = 20;

/**
 * `diagnose --watch`: a check every interval until Ctrl-C (or `stop`), then a summary.
 * On a terminal the report refreshes in place; otherwise one timestamped line per transition,
 * or with -o json one document per check that changed something. Exits with the last check's code.
 */
export async function watchDiagnosis(setup: WatchSetup, io: Io): Promise<number> {
  const { options, intervalMs } = setup;
  const signals = setup.stop === undefined ? [io.signal] : [io.signal, setup.stop];
  const stopped = (): boolean => signals.some((s) => s.aborted);
  const paint = await loadPaint(options.output === 'text' && wantsColour(io.env, io.stdoutIsTTY));
  const tracker = new WatchTracker(performance.now());
  const screen = io.stdoutIsTTY && options.output === 'text' ? new LiveScreen(io) : null;
  const recent: Array<{ at: Date; transition: Transition }> = [];
  let last: Diagnosis | null = null;
  try {
    while (!stopped()) {
      const started = performance.now();
      let d: Diagnosis;
      try {
        d = await diagnoseOnce(setup, io);
      } catch (error: unknown) {
        if (stopped()) break;
        throw error;
      }
      const first = last === null;
      last = d;
      const transitions = tracker.record(d.report, performance.now());
      const at = new Date(d.checkedAt);
      if (screen !== null) {
        const changed = new Map<string, string | null>();
        for (const t of transitions) {
          if (t.kind === 'component') changed.set(t.name, t.from);
          recent.push({ at, transition: t });
        }
        recent.splice(0, Math.max(0, recent.length - RECENT_KEPT));
        screen.show(({ columns, rows }) => renderFrame(d, { paint, width: columns, rows, compact: true, changed, recent, intervalMs }));
      } else if (options.output === 'json') {
        if (first || transitions.length > 0) io.stdout(`${JSON.stringify(d)}\n`);
      } else {
        if (first) io.stdout(`${timestamp(at)} watching ${makeInert(options.targetDisplay)} every ${intervalMs}ms (${options.probe}, runtime ${options.runtime}): ${makeInert(d.report.summary)}\n`);
        io.stdout(transitionLines(transitions, at));
      }
      if (setup.untilPass && d.report.probes[options.probe] !== 'fail') break;
      await pause(intervalMs - (performance.now() - started), signals);
    }
  } finally {
    screen?.close();
  }
  if (options.output === 'text') io.stdout(renderWatchSummary(tracker.summary(options.probe, performance.now()), paint));
  if (last === null) throw io.signal.reason;
  return last.report.exitCode;
}
