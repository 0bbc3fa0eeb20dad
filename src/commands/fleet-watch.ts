import { pause } from '../base/sleep.js';
import type { Report } from '../check/report.js';
import { formatDuration } from '../base/durations.js';
import { WatchTracker, type Transition } from '../reports/transitions.js';
import type { FleetReport } from '../reports/fleet-report.js';
import type { ProbeKind } from '../model/types.js';
import type { Io } from '../base/io.js';
import { frameBytes, SCREEN, timestamp } from '../render/diagnose-watch.js';
import { fleetTransitionLines, renderFleetFrame, renderFleetWatchSummary, type FleetTransition, type ReplicaSummary } from '../render/fleet-watch.js';
import { makeInert } from '../base/inert.js';
import { loadPaint, wantsColour, type Paint } from '../render/paint.js';
import { terminalSize } from './diagnose.js';
import { diagnoseFleetOnce, type FleetDiagnoseSetup } from './fleet-diagnose.js';

export interface FleetWatchSetup extends FleetDiagnoseSetup {
  intervalMs: number;
}

/** How many transitions the live view remembers: it shows the last few; memory stays flat over long watches. */
const RECENT_KEPT = 50;

/** One replica over the watch: its tracker (what changed, when it first passed) and how often it stopped passing. */
class Replica {
  readonly label: string;
  readonly tracker: WatchTracker;
  flaps = 0;

  constructor(label: string, startedAt: number) {
    this.label = label;
    this.tracker = new WatchTracker(startedAt);
  }

  /** The replica-level transitions of this check: its reachability and its chosen probe's verdict. */
  record(report: Report, at: number): Transition[] {
    const transitions = this.tracker.record(report, at).filter((t) => t.kind !== 'component');
    for (const t of transitions) if (t.kind === 'probe' && t.from !== 'fail' && t.to === 'fail') this.flaps += 1;
    return transitions;
  }

  summary(probe: ProbeKind, now: number): ReplicaSummary {
    return { label: this.label, passedAfterMs: this.tracker.summary(probe, now).passedAfterMs, flaps: this.flaps };
  }
}

/** The live view on a terminal: the fleet's table redrawn in place on the alternate screen. */
class FleetScreen {
  readonly #io: Io;
  readonly #paint: Paint;
  readonly #context: string;
  readonly #intervalMs: number;
  readonly #recent: FleetTransition[] = [];
  #last: { report: FleetReport; changed: Set<string>; at: Date } | null = null;
  readonly #onResize = (): void => this.draw();

  constructor(io: Io, paint: Paint, context: { text: string; intervalMs: number }) {
    this.#io = io;
    this.#paint = paint;
    this.#context = context.text;
    this.#intervalMs = context.intervalMs;
    io.stdout(SCREEN.enter);
    if (process.stdout.isTTY) process.stdout.on('resize', this.#onResize);
  }

  show(report: FleetReport, transitions: readonly FleetTransition[], at: Date): void {
    this.#recent.push(...transitions);
    this.#recent.splice(0, Math.max(0, this.#recent.length - RECENT_KEPT));
    const changed = new Set(transitions.flatMap((t) => (t.label === null ? [] : [t.label])));
    this.#last = { report, changed, at };
    this.draw();
  }

  draw(): void {
    if (this.#last === null) return;
    const { columns, rows } = terminalSize(this.#io);
    const { report, changed, at } = this.#last;
    // One column spare: clear-to-end-of-line on the last column would erase the character written there.
    const lines = renderFleetFrame(report, { paint: this.#paint, width: columns - 1, rows, context: this.#context, changed, recent: this.#recent, intervalMs: this.#intervalMs, checkedAt: at });
    this.#io.stdout(frameBytes(lines));
  }

  close(): void {
    process.stdout.off('resize', this.#onResize);
    this.#io.stdout(SCREEN.leave);
  }
}

/** The fleet's own verdict as a transition, when --require starts or stops holding. */
function fleetVerdictChange(previous: FleetReport | null, report: FleetReport, at: Date): FleetTransition[] {
  if (previous === null || previous.held === report.held) return [];
  const verdict = (r: FleetReport): 'pass' | 'fail' => (r.held ? 'pass' : 'fail');
  return [{ at, label: null, transition: { kind: 'probe', probe: report.probe, from: verdict(previous), to: verdict(report), summary: report.summary } }];
}

/**
 * `diagnose --watch` over a fleet: every target checked each interval until Ctrl-C, then each
 * replica's time to ready and the ones that flapped. On a terminal the table refreshes in place;
 * piped, one timestamped line per replica transition; with -o json, one fleet document per
 * refresh that changed something. Exits with the last refresh's code.
 */
export async function watchFleet(setup: FleetWatchSetup, io: Io): Promise<number> {
  const first = setup.fleet.targets[0];
  if (first === undefined) throw new Error('a fleet without targets');
  const output = first.output;
  const paint = await loadPaint(output === 'text' && wantsColour(io.env, io.stdoutIsTTY));
  const startedAt = performance.now();
  const replicas = setup.members.map((m) => new Replica(m.label, startedAt));
  const choice = setup.runtimeChoice.reason === null ? setup.runtimeChoice.source : `${setup.runtimeChoice.source}: ${setup.runtimeChoice.reason}`;
  const context = `${replicas.length} targets · ${first.probe} · runtime ${first.runtime} (${choice}) · deadline ${formatDuration(first.timeoutMs)}`;
  const screen = io.stdoutIsTTY && output === 'text' ? new FleetScreen(io, paint, { text: context, intervalMs: setup.intervalMs }) : null;
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
      if (screen !== null) screen.show(report, transitions, at);
      else if (output === 'json') {
        if (firstRefresh || transitions.length > 0) io.stdout(`${JSON.stringify(report)}\n`);
      } else {
        if (firstRefresh) io.stdout(`${timestamp(at)} watching ${context.replace(/ · deadline .*$/, '')} every ${setup.intervalMs}ms: ${makeInert(report.summary)}\n`);
        io.stdout(fleetTransitionLines(transitions));
      }
      await pause(setup.intervalMs - (performance.now() - started), [io.signal]);
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
