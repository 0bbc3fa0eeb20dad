import { describe, expect, it } from 'vitest';
import { encodeMessage, message, statusValue, watchdogUsec } from '../../../src/systemd/messages.js';
import { progressScore, Supervision } from '../../../src/systemd/supervision.js';
import { component, reportOf, unreachable } from './reports.js';

const EXTEND = 30_000_000;
const texts = (messages: ReadonlyArray<readonly string[]>): string[] => messages.map(encodeMessage);

const starting = reportOf([component('config.sync', 'starting'), component('storage.backend', 'starting')]);
const halfway = reportOf([component('config.sync', 'running'), component('storage.backend', 'starting')]);
const ready = reportOf([component('config.sync', 'running'), component('storage.backend', 'running')]);
const criticalFailed = reportOf([component('config.sync', 'running'), component('storage.backend', 'running', 'failed', 'disk full')]);

describe('run: what each check tells systemd', () => {
  it('EXTEND_TIMEOUT_USEC on every step forward, READY=1 with a clean status once ready', () => {
    const s = new Supervision({ extendUsec: EXTEND });
    expect(texts(s.observe(unreachable(), 0))).toEqual(['STATUS=UNREACHABLE: connection refused by 127.0.0.1:28080 (connect)']);
    expect(texts(s.observe(starting, 1))).toEqual([`EXTEND_TIMEOUT_USEC=30000000\nSTATUS=${starting.summary}`]);
    expect(texts(s.observe(starting, 2))).toEqual([]);
    expect(texts(s.observe(halfway, 3))).toEqual([`EXTEND_TIMEOUT_USEC=30000000\nSTATUS=${halfway.summary}`]);
    expect(texts(s.observe(ready, 4))).toEqual(['READY=1\nSTATUS=READY: 2 of 2 components ready']);
    expect(s.phase).toBe('ready');
    expect(texts(s.observe(ready, 5))).toEqual([]);
  });

  it('a start that goes backwards or flaps is not progress: no extension, only the new status', () => {
    const s = new Supervision({ extendUsec: EXTEND });
    s.observe(halfway, 0);
    expect(texts(s.observe(starting, 1))).toEqual([`STATUS=${starting.summary}`]);
    expect(texts(s.observe(halfway, 2))).toEqual([`STATUS=${halfway.summary}`]);
  });

  it('after a failure clears, STATUS= is the clean ready line again (never a stale error)', () => {
    const s = new Supervision({ extendUsec: EXTEND });
    s.observe(ready, 0);
    expect(texts(s.observe(criticalFailed, 1))).toEqual(['STATUS=NOT READY: 1 of 2 components not ready: storage.backend failed: disk full']);
    expect(texts(s.observe(ready, 2))).toEqual(['STATUS=READY: 2 of 2 components ready']);
  });

  it('WATCHDOG=1 is due only while the latest check, fresh enough, passed liveness', () => {
    const s = new Supervision({ extendUsec: EXTEND });
    s.observe(ready, 1000);
    expect(s.alive(1400, 500)).toBe(true);
    expect(s.alive(1600, 500)).toBe(false);
    s.observe(criticalFailed, 1700);
    // storage.backend is --critical in these reports: liveness fails with it.
    expect(criticalFailed.probes.liveness).toBe('fail');
    expect(s.alive(1750, 500)).toBe(false);
    s.observe(unreachable(), 1800);
    expect(s.alive(1850, 500)).toBe(false);
    s.observe(ready, 1900);
    expect(s.alive(1950, 500)).toBe(true);
  });

  it('SIGHUP: RELOADING=1 with MONOTONIC_USEC, then READY=1 again once healthy; nothing after STOPPING=1', () => {
    const s = new Supervision({ extendUsec: EXTEND });
    s.observe(ready, 0);
    expect(encodeMessage(s.reload(123456789n, 'SIGHUP', 0.5) ?? [])).toBe('RELOADING=1\nMONOTONIC_USEC=123456789\nSTATUS=reloading: SIGHUP sent to the service');
    expect(texts(s.observe(halfway, 1))).toEqual([`STATUS=${halfway.summary}`]);
    expect(texts(s.observe(ready, 2))).toEqual(['READY=1\nSTATUS=READY: 2 of 2 components ready']);
    expect(encodeMessage(s.stop('stopping: SIGTERM sent to app') ?? [])).toBe('STOPPING=1\nSTATUS=stopping: SIGTERM sent to app');
    expect(s.stop('again')).toBeNull();
    expect(s.reload(1n, 'SIGHUP', 3)).toBeNull();
    expect(s.observe(criticalFailed, 3)).toEqual([]);
  });

  it('SIGHUP while a check is under way: that check began before the reload, so its pass sends no READY=1', () => {
    const s = new Supervision({ extendUsec: EXTEND });
    s.observe(ready, 0);
    s.reload(1n, 'SIGHUP', 10);
    expect(s.observe(ready, 12, 8)).toEqual([]);
    expect(s.phase).toBe('reloading');
    expect(s.status).toBe('reloading: SIGHUP sent to the service');
    expect(texts(s.observe(ready, 20, 13))).toEqual(['READY=1\nSTATUS=READY: 2 of 2 components ready']);
  });

  it('progress counts running and passing components, and -1 with no answer', () => {
    expect(progressScore(unreachable())).toBe(-1);
    expect(progressScore(starting)).toBe(0);
    expect(progressScore(halfway)).toBe(2);
    expect(progressScore(ready)).toBe(4);
  });
});

describe('sd_notify messages', () => {
  it('are KEY=VALUE lines; STATUS is one bounded line', () => {
    expect(encodeMessage(message.watchdog())).toBe('WATCHDOG=1');
    expect(encodeMessage(message.extendTimeout(5_000_000, 'x'))).toBe('EXTEND_TIMEOUT_USEC=5000000\nSTATUS=x');
    expect(statusValue('x'.repeat(1000))).toHaveLength(400);
  });

  it('STATUS= is one line of inert text: no newline, NUL, control or lone surrogate, and never half a surrogate pair', () => {
    expect(statusValue('a\nb\r\nc')).toBe('a\\nb\\r\\nc');
    expect(statusValue('nul\0 esc\x1b[2J lone\ud800 bidi\u202e')).toBe('nul\\x00 esc\\x1b[2J lone\\ud800 bidi\\u202e');
    const cut = statusValue(`${'x'.repeat(398)}😀 and more`);
    expect(cut).toBe(`${'x'.repeat(398)}…`);
    expect(statusValue(`${'x'.repeat(397)}😀 and more`)).toBe(`${'x'.repeat(397)}😀…`);
  });

  it('the watchdog is ours only when WATCHDOG_PID is unset or this process', () => {
    expect(watchdogUsec({}, 42)).toBeNull();
    expect(watchdogUsec({ WATCHDOG_USEC: '2000000' }, 42)).toBe(2_000_000);
    expect(watchdogUsec({ WATCHDOG_USEC: '2000000', WATCHDOG_PID: '42' }, 42)).toBe(2_000_000);
    expect(watchdogUsec({ WATCHDOG_USEC: '2000000', WATCHDOG_PID: '7' }, 42)).toBeNull();
    expect(watchdogUsec({ WATCHDOG_USEC: 'soon' }, 42)).toBeNull();
  });
});
