import { describe, expect, it } from 'vitest';
import type { Component } from '../../../src/model/types.js';
import { frameBytes, renderFrame, renderWatchSummary, SCREEN, transitionLines } from '../../../src/render/diagnose-watch.js';
import { NO_PAINT } from '../../../src/render/paint.js';
import { MAX_FLAPPING_REMEMBERED, WatchTracker, type Transition } from '../../../src/reports/transitions.js';
import { component, diagnose, failedResult, okResult } from './support.js';

const at = new Date('2026-11-24T01:02:03.456Z');
const report = (components: Component[]): ReturnType<typeof diagnose>['report'] => diagnose(okResult(components)).report;

describe('transitions between checks', () => {
  it('one timestamped line per component transition, then the verdict change', () => {
    const tracker = new WatchTracker(0);
    expect(tracker.record(report([component('authorize.service', { phase: 'starting' }), component('storage.backend')]), 0)).toEqual([]);
    const changes = tracker.record(report([component('authorize.service'), component('storage.backend')]), 1000);
    expect(transitionLines(changes, at)).toBe(
      '2026-11-24T01:02:03Z authorize.service starting → running\n2026-11-24T01:02:03Z readiness fail → pass: READY: 2 of 2 components ready\n',
    );
  });

  it('errors, new and vanished components, and the service going away and back', () => {
    const tracker = new WatchTracker(0);
    tracker.record(report([component('a'), component('b')]), 0);
    const failing = tracker.record(report([component('a', { condition: 'failed', error: 'ping postgres: timeout' }), component('c')]), 1);
    expect(failing.map(textOf)).toEqual(['a running → running, failed: ping postgres: timeout', 'c (new) → running', 'b running → (gone)', 'readiness pass → fail: NOT READY: 1 of 2 components not ready: a failed: ping postgres: timeout']);
    const down = tracker.record(diagnose(failedResult('unreachable', 'connect ECONNREFUSED 127.0.0.1:28080')).report, 2);
    expect(down.map(textOf)).toEqual(['service answering → unreachable: connect ECONNREFUSED 127.0.0.1:28080']);
    const back = tracker.record(report([component('a', { condition: 'failed', error: 'ping postgres: timeout' }), component('c')]), 3);
    expect(back.map(textOf)).toEqual(['service unreachable → answering: NOT READY: 1 of 2 components not ready: a failed: ping postgres: timeout']);
  });

  it('the summary: time to ready, transitions, and what flapped (draining is not flapping)', () => {
    const tracker = new WatchTracker(100);
    tracker.record(report([component('s', { phase: 'starting' }), component('db')]), 100);
    tracker.record(report([component('s'), component('db')]), 2600);
    tracker.record(report([component('s'), component('db', { condition: 'failed', error: 'x' })]), 3600);
    tracker.record(report([component('s'), component('db')]), 4600);
    tracker.record(report([component('s', { phase: 'terminating' }), component('db', { phase: 'terminating' })]), 5600);
    const summary = tracker.summary('readiness', 6100);
    expect(summary).toMatchObject({ passedAfterMs: 2500, transitions: 5, checks: 5, flapped: [{ name: 'db', times: 1 }] });
    expect(renderWatchSummary(summary, NO_PAINT)).toBe(
      'Watched for 6s (5 checks)\n  time to ready: 2.5s\n  transitions: 5\n  flapped: db (1×)\n  last: NOT READY: 2 of 2 components not ready: s terminating; db terminating\n',
    );
  });

  it('a probe that never passed says so', () => {
    const tracker = new WatchTracker(0);
    tracker.record(report([component('s', { phase: 'starting' })]), 0);
    expect(renderWatchSummary(tracker.summary('startup', 3000), NO_PAINT)).toContain('  startup never passed\n  transitions: 0\n  flapped: none\n');
  });
});

describe('memory while names churn', () => {
  it('stays bounded over thousands of answers whose worker names change every time, and still names the stable flappers', () => {
    const tracker = new WatchTracker(0);
    const stable = Array.from({ length: 20 }, (_, i) => `stable.${i}`);
    let most = 0;
    for (let check = 0; check < 3000; check++) {
      // db fails every tenth answer; each answer brings 50 new workers, and last answer's workers come back failing once.
      const components = [
        ...stable.map((name) => component(name)),
        component('db', check % 10 === 9 ? { condition: 'failed', error: 'timeout' } : {}),
        ...Array.from({ length: 50 }, (_, i) => component(`worker-${check}-${i}`)),
        ...(check === 0 ? [] : Array.from({ length: 50 }, (_, i) => component(`worker-${check - 1}-${i}`, { condition: 'failed', error: 'gone' }))),
      ];
      tracker.record(report(components), check);
      most = Math.max(most, tracker.rememberedNames);
    }
    // The latest answer's passing names and labels, and the flappers the summary keeps.
    expect(most).toBeLessThanOrEqual(2 * 121 + MAX_FLAPPING_REMEMBERED);
    const summary = tracker.summary('readiness', 3000);
    expect(summary.flapped).toHaveLength(MAX_FLAPPING_REMEMBERED);
    expect(summary.flapped[0]).toEqual({ name: 'db', times: 300 });
    expect(summary.flapped.filter((f) => f.name.startsWith('stable.'))).toEqual([]);
  });
});

function textOf(t: Transition): string {
  return transitionLines([t], at).slice(21, -1);
}

describe('the live frame', () => {
  const many = Array.from({ length: 5000 }, (_, i) => component(`component.${String(i).padStart(4, '0')}`, i % 1000 === 7 ? { condition: 'failed', error: 'down' } : {}));
  const d = diagnose(okResult(many));
  const frame = (rows: number, changed = new Map<string, string | null>()): string[] =>
    renderFrame(d, { paint: NO_PAINT, width: 120, rows, compact: true, changed, recent: [{ at, transition: { kind: 'component', name: 'component.0007', from: 'running', to: 'running, failed: down' } }], intervalMs: 1000 });

  it('fits the screen whatever the number of components, failing ones first, the rest counted', () => {
    for (const rows of [40, 24, 60]) {
      const lines = frame(rows);
      expect(lines.length).toBeLessThanOrEqual(rows);
      for (const l of lines) expect(l.length).toBeLessThanOrEqual(120);
    }
    const lines = frame(40);
    const rows = lines.filter((l) => /^. [✓✗] component\./.test(l));
    expect(rows[0]).toMatch(/component\.0007 .* failed {2}down$/);
    expect(lines.join('\n')).toMatch(/ {2}… \d{4} more components \(the full list: healthctl diagnose without --watch\)/);
    expect(lines.join('\n')).toContain('01:02:03 component.0007 running → running, failed: down');
  });

  it('marks what changed since the last refresh', () => {
    const lines = frame(40, new Map([['component.0007', 'running']]));
    expect(lines.find((l) => /^. . component\.0007 /.test(l))).toMatch(/^» ✗ component\.0007 .*down {2}\(was running\)$/);
    expect(lines.filter((l) => l.startsWith('»'))).toHaveLength(1);
  });

  it('is painted over the previous one: home, clear each line, clear below, no full clear', () => {
    const bytes = frameBytes(['one', 'two']);
    expect(bytes).toBe(`${SCREEN.home}one${SCREEN.clearLine}\r\ntwo${SCREEN.clearLine}${SCREEN.clearBelow}`);
    expect(bytes).not.toContain('\x1b[2J');
  });
});
