/** The shortest pause between attempts: fast enough to notice "ready" within the 100 ms budget. */
export const MIN_PAUSE_MS = 25;

/** A pause of 1/40 of the time since the state last changed keeps the expected lag near 1.25 % of the wait. */
export const PAUSE_FRACTION = 40;

/**
 * The pause before the next attempt: 25 ms while the state keeps changing, growing with the
 * time since the last change, never above `intervalMs`. A service that is making progress is
 * watched closely; one that is stuck or steady is asked rarely.
 */
export function nextPause(sinceChangeMs: number, intervalMs: number): number {
  const grown = Math.max(MIN_PAUSE_MS, Math.round(sinceChangeMs / PAUSE_FRACTION));
  return Math.max(0, Math.min(intervalMs, grown));
}
