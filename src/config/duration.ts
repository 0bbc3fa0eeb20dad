import { usageError } from '../errors.js';

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

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = ms / 1000;
  return Number.isInteger(s) ? `${s}s` : `${s.toFixed(1)}s`;
}
