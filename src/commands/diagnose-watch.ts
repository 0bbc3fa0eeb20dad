import { pause } from '../base/sleep.js';
import { WatchTracker, type Transition } from '../reports/transitions.js';
import type { Diagnosis } from '../reports/diagnosis.js';
import type { Io } from '../base/io.js';
import { frameBytes, renderFrame, renderWatchSummary, SCREEN, timestamp, transitionLines } from '../render/diagnose-watch.js';
import { makeInert } from '../base/inert.js';
import { loadPaint, wantsColour, type Paint } from '../render/paint.js';
import { diagnoseOnce, terminalSize, type DiagnoseSetup } from './diagnose.js';

export interface WatchSetup extends DiagnoseSetup {
  intervalMs: number;
  /** Stop once the chosen probe passes (the demo without a terminal). */
  untilPass: boolean;
  /** Also stops the watch, as Ctrl-C does. */
  stop?: AbortSignal;
}

/** The live view on a terminal: one screenful redrawn in place on the alternate screen. */
class LiveScreen {
  readonly #io: Io;
  readonly #paint: Paint;
  readonly #intervalMs: number;
  readonly #recent: Array<{ at: Date; transition: Transition }> = [];
  #last: { d: Diagnosis; changed: Map<string, string | null> } | null = null;
  readonly #onResize = (): void => this.draw();

  constructor(io: Io, paint: Paint, intervalMs: number) {
    this.#io = io;
    this.#paint = paint;
    this.#intervalMs = intervalMs;
    io.stdout(SCREEN.enter);
    if (process.stdout.isTTY) process.stdout.on('resize', this.#onResize);
  }

  show(d: Diagnosis, transitions: readonly Transition[]): void {
    const at = new Date(d.checkedAt);
    const changed = new Map<string, string | null>();
    for (const t of transitions) {
      if (t.kind === 'component') changed.set(t.name, t.from);
      this.#recent.push({ at, transition: t });
    }
    this.#recent.splice(0, Math.max(0, this.#recent.length - 20));
    this.#last = { d, changed };
    this.draw();
  }

  draw(): void {
    if (this.#last === null) return;
    const { columns, rows } = terminalSize(this.#io);
    const lines = renderFrame(this.#last.d, { paint: this.#paint, width: columns, rows, compact: true, changed: this.#last.changed, recent: this.#recent, intervalMs: this.#intervalMs });
    this.#io.stdout(frameBytes(lines));
  }

  close(): void {
    process.stdout.off('resize', this.#onResize);
    this.#io.stdout(SCREEN.leave);
  }
}

/**
 * `diagnose --watch`: a check every interval until Ctrl-C (or `stop`), then a summary.
 * On a terminal the report refreshes in place; otherwise one timestamped line per transition,
 * or with -o json one document per check that changed something. Exits with the last check's code.
 */
export async function watchDiagnosis(setup: WatchSetup, io: Io): Promise<number> {
  const { options } = setup;
  const signals = setup.stop === undefined ? [io.signal] : [io.signal, setup.stop];
  const stopped = (): boolean => signals.some((s) => s.aborted);
  const paint = await loadPaint(options.output === 'text' && wantsColour(io.env, io.stdoutIsTTY));
  const tracker = new WatchTracker(performance.now());
  const screen = io.stdoutIsTTY && options.output === 'text' ? new LiveScreen(io, paint, setup.intervalMs) : null;
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
      if (screen !== null) screen.show(d, transitions);
      else if (options.output === 'json') {
        if (first || transitions.length > 0) io.stdout(`${JSON.stringify(d)}\n`);
      } else {
        const at = new Date(d.checkedAt);
        if (first) io.stdout(`${timestamp(at)} watching ${makeInert(options.targetDisplay)} every ${setup.intervalMs}ms (${options.probe}, runtime ${options.runtime}): ${makeInert(d.report.summary)}\n`);
        io.stdout(transitionLines(transitions, at));
      }
      if (setup.untilPass && d.report.probes[options.probe] !== 'fail') break;
      await pause(setup.intervalMs - (performance.now() - started), signals);
    }
  } finally {
    screen?.close();
  }
  if (options.output === 'text') io.stdout(renderWatchSummary(tracker.summary(options.probe, performance.now()), paint));
  if (last === null) throw io.signal.reason;
  return last.report.exitCode;
}
