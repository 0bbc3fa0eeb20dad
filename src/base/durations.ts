import { usageError } from './errors.js';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `800ms`, `5s`, `1.5s`, `2m`; a bare number is seconds, as in Docker and Kubernetes. */
export function parseDuration(text: string, flag: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text);
  if (match === null) throw usageError(`${flag}: '${text}' is not a duration (use e.g. 800ms, 5s, 1m)`);
  const value = Number(match[1]) * (UNITS[match[2] ?? 's'] ?? 1000);
  if (!(value > 0)) throw usageError(`${flag}: the duration must be more than zero (got '${text}')`);
  if (value > 24 * 3_600_000) throw usageError(`${flag}: '${text}' is longer than a day`);
  return value;
}

/** `300ms` below a second; `24s` for whole seconds, else tenths: `1.5s`, `1.0s` (1049 ms). */
export function formatDuration(ms: number): string {
  const rounded = Math.max(0, Math.round(ms));
  if (rounded < 1000) return `${rounded}ms`;
  const seconds = rounded / 1000;
  return Number.isInteger(seconds) ? `${seconds}s` : `${seconds.toFixed(1)}s`;
}

/** A measured time: `4.2ms` below 10 ms, whole milliseconds above (`312ms`, `24000ms`). */
export function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)}ms` : `${Math.round(ms)}ms`;
}

/** A running clock, always in tenths of seconds: `0.1s`, `3.0s`, `61.5s`. */
export function formatElapsed(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
