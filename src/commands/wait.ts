import type { Report } from '../check/report.js';
import { resolveCheckOptions, type CheckFlags } from '../config/check-options.js';
import { parseDuration } from '../base/durations.js';
import { envString, readSetting } from '../config/env.js';
import type { Io } from '../base/io.js';
import { NO_PAINT } from '../render/paint.js';
import { renderReport } from '../render/runtime-output.js';
import { Poller } from '../wait/poll.js';
import { progressLine, timedOutLine, transitionLine } from '../render/wait-lines.js';

export const DEFAULT_WAIT_MS = 60_000;
export const DEFAULT_INTERVAL_MS = 1000;

export interface WaitFlags extends CheckFlags {
  requestTimeout?: string;
  interval?: string;
}

const CLEAR_LINE = '\r\x1b[K';

/** The timing flags of wait; `--timeout` here bounds the whole wait, not one check. */
export function resolveWaitTiming(flags: WaitFlags, env: NodeJS.ProcessEnv): { waitMs: number; intervalMs: number; requestTimeout: string | undefined } {
  const wait = flags.timeout ?? envString(env, 'waitTimeout');
  const interval = flags.interval ?? envString(env, 'interval');
  // Checked here, so that its error names --request-timeout or HEALTHCTL_REQUEST_TIMEOUT rather than --timeout.
  const request = readSetting(flags.requestTimeout, env, 'requestTimeout', envString);
  if (request !== undefined) parseDuration(request.value, request.from);
  return {
    waitMs: wait === undefined ? DEFAULT_WAIT_MS : parseDuration(wait, flags.timeout === undefined ? 'HEALTHCTL_WAIT_TIMEOUT' : '--timeout'),
    intervalMs: interval === undefined ? DEFAULT_INTERVAL_MS : parseDuration(interval, flags.interval === undefined ? 'HEALTHCTL_INTERVAL' : '--interval'),
    requestTimeout: request?.value,
  };
}

/** Polls until the probe passes (exit 0) or the wait runs out (the last attempt's exit code, and what still failed). */
export async function waitCommand(target: string | undefined, flags: WaitFlags, io: Io): Promise<number> {
  const { timeout: _whole, requestTimeout: _request, interval: _interval, ...checkFlags } = flags;
  const timing = resolveWaitTiming(flags, io.env);
  // The one-check deadline (flag, HEALTHCTL_TIMEOUT or the runtime's) becomes the per-attempt deadline.
  const options = resolveCheckOptions(target, timing.requestTimeout === undefined ? checkFlags : { ...checkFlags, timeout: timing.requestTimeout }, io.env, io.stdoutIsTTY);
  const until = io.startedAt + timing.waitMs;
  const poller = new Poller({ options, requestTimeoutMs: options.timeoutMs, intervalMs: timing.intervalMs, until, signal: io.signal });
  const live = io.stdoutIsTTY && options.output === 'text';
  const width = Math.max(20, (process.stdout.columns || 100) - 1);
  const elapsed = (): number => performance.now() - io.startedAt;

  let last: Report | null = null;
  try {
    for await (const { report, changed, cut } of poller.attempts()) {
      // An attempt the wait's own end cut short proves nothing; the one before it is the answer.
      if (cut && last !== null) continue;
      last = report;
      const passed = report.outcome === 'pass' || report.outcome === 'warn';
      if (live) io.stdout(`${CLEAR_LINE}${progressLine(report, elapsed(), width)}`);
      else if (changed && options.output === 'text') io.stdout(`${transitionLine(report, elapsed())}\n`);
      if (passed) {
        if (live) io.stdout('\n');
        if (options.output === 'json') io.stdout(renderReport(report, { output: 'json', verbose: false, paint: NO_PAINT }));
        return report.exitCode;
      }
    }
  } catch (error: unknown) {
    if (live) io.stdout(CLEAR_LINE);
    if (last !== null) io.stderr(`${timedOutLine(last, elapsed()).replace(/^still/, 'stopped while still')}\n`);
    throw error;
  }
  if (live) io.stdout(CLEAR_LINE);
  if (last === null) throw new Error('wait made no attempt');
  if (options.output === 'json') io.stdout(renderReport(last, { output: 'json', verbose: false, paint: NO_PAINT }));
  io.stderr(`${timedOutLine(last, timing.waitMs)}\n`);
  return last.exitCode;
}
