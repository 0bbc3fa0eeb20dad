import type { Io } from '../base/io.js';
import type { Report } from '../check/report.js';
import type { CheckOptions } from '../config/check-options.js';
import { NO_PAINT } from '../render/paint.js';
import { renderReport } from '../render/runtime-output.js';
import { progressLine, timedOutLine, transitionLine } from '../render/wait-lines.js';
import { LiveLine } from './live-line.js';
import { Poller } from './poll.js';
import type { WaitTiming } from './timing.js';

/**
 * Polls until the probe passes (the pass's exit code) or the wait runs out (the last attempt's
 * exit code, and what still failed on stderr). On a terminal one line redrawn in place;
 * otherwise one line per transition, or with -o json the last report.
 */
export async function waitForPass(options: CheckOptions, timing: WaitTiming, io: Io): Promise<number> {
  const until = io.startedAt + timing.waitMs;
  const poller = new Poller({ options, requestTimeoutMs: options.timeoutMs, intervalMs: timing.intervalMs, until, signal: io.signal });
  const line = new LiveLine(io, io.stdoutIsTTY && options.output === 'text');
  const elapsed = (): number => performance.now() - io.startedAt;
  const json = (report: Report): void => {
    if (options.output === 'json') io.stdout(renderReport(report, { output: 'json', verbose: false, paint: NO_PAINT }));
  };

  let last: Report | null = null;
  try {
    for await (const { report, changed, cut } of poller.attempts()) {
      // An attempt the wait's own end cut short proves nothing; the one before it is the answer.
      if (cut && last !== null) continue;
      last = report;
      if (line.on) line.show(progressLine(report, elapsed(), line.width));
      else if (changed && options.output === 'text') io.stdout(`${transitionLine(report, elapsed())}\n`);
      if (report.outcome === 'pass' || report.outcome === 'warn') {
        line.keep();
        json(report);
        return report.exitCode;
      }
    }
  } catch (error: unknown) {
    line.clear();
    if (last !== null) io.stderr(`${timedOutLine(last, elapsed()).replace(/^still/, 'stopped while still')}\n`);
    throw error;
  }
  line.clear();
  if (last === null) throw new Error('wait made no attempt');
  json(last);
  io.stderr(`${timedOutLine(last, timing.waitMs)}\n`);
  return last.exitCode;
}
