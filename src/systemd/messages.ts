import { makeInert } from '../base/inert.js';
import { clip } from '../base/text.js';

/** One sd_notify datagram: `KEY=VALUE` assignments joined by newlines, as systemd reads them. */
export type NotifyMessage = readonly string[];

const STATUS_CHARS = 400;

/** A status line systemd can show: one line, bounded, the service's text made inert (no NUL, no newline, no lone surrogate). */
export function statusValue(text: string): string {
  // clip() never cuts a surrogate pair in two: half of one cannot be encoded.
  return clip(makeInert(text), STATUS_CHARS);
}

export const message = {
  ready: (status: string): NotifyMessage => ['READY=1', `STATUS=${statusValue(status)}`],
  status: (status: string): NotifyMessage => [`STATUS=${statusValue(status)}`],
  watchdog: (): NotifyMessage => ['WATCHDOG=1'],
  stopping: (status: string): NotifyMessage => ['STOPPING=1', `STATUS=${statusValue(status)}`],
  /** MONOTONIC_USEC lets Type=notify-reload (systemd 253+) tie the reload to this moment. */
  reloading: (monotonicUsec: bigint, status: string): NotifyMessage => ['RELOADING=1', `MONOTONIC_USEC=${monotonicUsec}`, `STATUS=${statusValue(status)}`],
  extendTimeout: (usec: number, status: string): NotifyMessage => [`EXTEND_TIMEOUT_USEC=${Math.round(usec)}`, `STATUS=${statusValue(status)}`],
};

/** The datagram's bytes. */
export function encodeMessage(m: NotifyMessage): string {
  return m.join('\n');
}

/** `$WATCHDOG_USEC` when the watchdog is ours (`$WATCHDOG_PID` unset or this process), else null. */
export function watchdogUsec(env: NodeJS.ProcessEnv, pid: number): number | null {
  const usec = Number(env['WATCHDOG_USEC']);
  if (!Number.isInteger(usec) || usec <= 0) return null;
  const owner = env['WATCHDOG_PID'];
  if (owner !== undefined && owner !== '' && Number(owner) !== pid) return null;
  return usec;
}
