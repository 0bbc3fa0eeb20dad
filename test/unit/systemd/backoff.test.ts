import { describe, expect, it } from 'vitest';
import { MIN_PAUSE_MS, nextPause } from '../../../src/wait/backoff.js';

/** The attempt times of a wait against a state that never changes. */
function schedule(intervalMs: number, untilMs: number): number[] {
  const at = [0];
  for (;;) {
    const last = at[at.length - 1] ?? 0;
    const next = last + nextPause(last, intervalMs);
    if (next > untilMs) return at;
    at.push(next);
  }
}

describe('backoff between attempts', () => {
  it('starts at 25 ms and grows with the time since the state last changed, up to --interval', () => {
    expect(nextPause(0, 1000)).toBe(MIN_PAUSE_MS);
    expect(nextPause(1000, 1000)).toBe(25);
    expect(nextPause(2000, 1000)).toBe(50);
    expect(nextPause(10_000, 1000)).toBe(250);
    expect(nextPause(40_000, 1000)).toBe(1000);
    expect(nextPause(600_000, 1000)).toBe(1000);
  });

  it('never pauses longer than --interval, even a short one', () => {
    expect(nextPause(0, 20)).toBe(20);
    expect(nextPause(60_000, 250)).toBe(250);
  });

  it('keeps the lag after "ready" within the 100 ms budget for services that turn ready in the first 4 s', () => {
    const at = schedule(1000, 4000);
    const gaps = at.slice(1).map((t, i) => t - (at[i] ?? 0));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(100);
    // ...and asks a stuck service once a second after 40 s: a whole minute costs fewer than 220 attempts.
    expect(schedule(1000, 60_000).length).toBeLessThan(220);
  });

  it('is monotonic: a longer quiet time never gives a shorter pause', () => {
    let previous = 0;
    for (let t = 0; t <= 30_000; t += 37) {
      const p = nextPause(t, 1000);
      expect(p).toBeGreaterThanOrEqual(previous);
      previous = p;
    }
  });
});
