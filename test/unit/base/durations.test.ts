import { describe, expect, it } from 'vitest';
import { formatDuration, formatElapsed, formatMs, parseDuration } from '../../../src/base/durations.js';

describe('formatDuration', () => {
  it('uses ms below a second, whole seconds when whole, else tenths', () => {
    expect(formatDuration(300)).toBe('300ms');
    expect(formatDuration(299.6)).toBe('300ms');
    expect(formatDuration(1500)).toBe('1.5s');
    expect(formatDuration(24000)).toBe('24s');
    expect(formatDuration(-3)).toBe('0ms');
  });

  it('says a time that is not a whole second in tenths, as the watch summaries always have: 1049 ms is 1.0s', () => {
    expect(formatDuration(1049)).toBe('1.0s');
    expect(formatDuration(5123)).toBe('5.1s');
    // Rounded to the millisecond first: a hair under a second is a second, never "1000ms".
    expect(formatDuration(999.6)).toBe('1s');
  });

  it('reads back what parseDuration took', () => {
    for (const text of ['800ms', '5s', '1.5s', '2m', '24s']) expect(formatDuration(parseDuration(text, '--timeout'))).toBe(text === '2m' ? '120s' : text);
  });
});

describe('formatMs and formatElapsed', () => {
  it('formatMs: tenths below 10 ms, whole milliseconds above', () => {
    expect(formatMs(4.25)).toBe('4.3ms');
    expect(formatMs(312.4)).toBe('312ms');
  });

  it('formatElapsed: a clock in tenths of seconds', () => {
    expect(formatElapsed(100)).toBe('0.1s');
    expect(formatElapsed(3000)).toBe('3.0s');
  });
});
