import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  FLAP_ERROR,
  HealthReporter,
  SCENARIO_OPTIONAL,
  SCENARIO_REQUIRED,
  serveHealth,
  startScenario,
  type HealthSnapshot,
} from '../../../src/sample/index.js';
import { renderProbe } from '../../../src/sample/probes.js';
import { getJson, request } from './http.js';

const ready = (snapshot: HealthSnapshot): boolean => renderProbe('/readyz', snapshot).pass;
const allRunning = (health: HealthReporter): boolean =>
  SCENARIO_REQUIRED.every((name) => health.get(name)?.status === 'RUNNING' && health.get(name)?.error === null);

describe('startScenario (fake clock)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('requires its components and reports the first ones at once', () => {
    const health = new HealthReporter();
    const scenario = startScenario(health, { readyAfterMs: 1000 });
    const snapshot = health.snapshot();
    expect(snapshot.checks).toEqual([...SCENARIO_REQUIRED].sort());
    expect(snapshot.checks).not.toContain(SCENARIO_OPTIONAL[0]);
    expect(health.get('config.sync')?.status).toBe('UNKNOWN');
    expect(health.get('xds.listener')).toBeUndefined();
    expect(ready(snapshot)).toBe(false);
    scenario.stop();
  });

  it('brings every required component up by readyAfterMs, not before', () => {
    const health = new HealthReporter();
    const scenario = startScenario(health, { readyAfterMs: 1000, flap: false });
    vi.advanceTimersByTime(999);
    expect(allRunning(health)).toBe(false);
    expect(renderProbe('/startupz', health.snapshot()).pass).toBe(false);
    vi.advanceTimersByTime(1);
    expect(allRunning(health)).toBe(true);
    expect(ready(health.snapshot())).toBe(true);
    expect(health.get('telemetry.exporter')?.status).toBe('RUNNING');
    expect(health.get('storage.backend')?.attributes).toEqual({ backend: 'postgres' });
    scenario.stop();
  });

  it('goes through unavailable, UNKNOWN, UNKNOWN + error and RUNNING on the way', () => {
    const health = new HealthReporter();
    const seen = new Set<string>();
    health.subscribe((change) => {
      if (change.type === 'report') seen.add(`${change.name} ${change.current.status} ${change.current.error ?? ''}`);
    });
    const scenario = startScenario(health, { readyAfterMs: 1000, flap: false });
    vi.advanceTimersByTime(500);
    expect(health.get('xds.listener')).toBeUndefined();
    vi.advanceTimersByTime(500);
    expect(seen).toContain('storage.backend UNKNOWN dial tcp 127.0.0.1:5432: connect: connection refused');
    expect(seen).toContain('authorize.service UNKNOWN ');
    expect(seen).toContain('proxy.service RUNNING ');
    scenario.stop();
  });

  it('flaps storage.backend: RUNNING + error for flapForMs every flapEveryMs after ready', () => {
    const health = new HealthReporter();
    const scenario = startScenario(health, { readyAfterMs: 1000, flapEveryMs: 1000, flapForMs: 200 });
    const backend = () => health.get('storage.backend');
    vi.advanceTimersByTime(1999);
    expect(backend()).toMatchObject({ status: 'RUNNING', error: null });
    vi.advanceTimersByTime(1);
    expect(backend()).toMatchObject({ status: 'RUNNING', error: FLAP_ERROR });
    expect(backend()?.attributes).toEqual({ backend: 'postgres' });
    expect(ready(health.snapshot())).toBe(false);
    expect(renderProbe('/startupz', health.snapshot()).pass).toBe(true);
    vi.advanceTimersByTime(200);
    expect(backend()?.error).toBeNull();
    expect(ready(health.snapshot())).toBe(true);
    vi.advanceTimersByTime(799);
    expect(backend()?.error).toBeNull();
    vi.advanceTimersByTime(1);
    expect(backend()?.error).toBe(FLAP_ERROR);
    scenario.stop();
  });

  it('uses 15 s / 2 s flaps and a 5 s startup by default', () => {
    const health = new HealthReporter();
    const scenario = startScenario(health);
    vi.advanceTimersByTime(4999);
    expect(allRunning(health)).toBe(false);
    vi.advanceTimersByTime(1);
    expect(allRunning(health)).toBe(true);
    vi.advanceTimersByTime(15_000);
    expect(health.get('storage.backend')?.error).toBe(FLAP_ERROR);
    vi.advanceTimersByTime(2000);
    expect(health.get('storage.backend')?.error).toBeNull();
    scenario.stop();
  });

  it('never flaps with flap: false', () => {
    const health = new HealthReporter();
    const scenario = startScenario(health, { readyAfterMs: 100, flap: false, flapEveryMs: 100, flapForMs: 50 });
    vi.advanceTimersByTime(100);
    let errors = 0;
    health.subscribe((change) => {
      if (change.type === 'report' && change.current.error !== null) errors += 1;
    });
    vi.advanceTimersByTime(10_000);
    expect(errors).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    scenario.stop();
  });

  it('is deterministic: the same options give the same timeline', () => {
    const timeline = (): string[] => {
      const health = new HealthReporter();
      const lines: string[] = [];
      const started = Date.now();
      health.subscribe((change) => {
        if (change.type === 'report') lines.push(`${Date.now() - started} ${change.name} ${change.current.status} ${change.current.error}`);
      });
      const scenario = startScenario(health, { readyAfterMs: 500, flapEveryMs: 300, flapForMs: 100 });
      vi.advanceTimersByTime(2000);
      scenario.stop();
      return lines;
    };
    const first = timeline();
    expect(first.length).toBeGreaterThan(20);
    expect(timeline()).toEqual(first);
  });

  it('drain turns every component TERMINATING, clears errors, and resolves after drainMs', async () => {
    const health = new HealthReporter();
    const scenario = startScenario(health, { readyAfterMs: 100, flapEveryMs: 100, flapForMs: 50, drainMs: 300 });
    vi.advanceTimersByTime(200);
    expect(health.get('storage.backend')?.error).toBe(FLAP_ERROR);

    let drained = false;
    const drain = scenario.drain();
    void drain.then(() => {
      drained = true;
    });
    expect(scenario.drain()).toBe(drain);
    const { statuses } = health.snapshot();
    expect(statuses.map((state) => state.name).sort()).toEqual([...SCENARIO_REQUIRED, ...SCENARIO_OPTIONAL].sort());
    for (const state of statuses) expect(state).toMatchObject({ status: 'TERMINATING', error: null });
    expect(renderProbe('/readyz', health.snapshot()).pass).toBe(false);
    expect(renderProbe('/healthz', health.snapshot()).pass).toBe(true);
    expect(renderProbe('/startupz', health.snapshot()).pass).toBe(true);

    await vi.advanceTimersByTimeAsync(299);
    expect(drained).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(drained).toBe(true);
    // startup and flap timers are gone: nothing turns back
    vi.advanceTimersByTime(10_000);
    expect(health.snapshot().statuses.every((state) => state.status === 'TERMINATING')).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('drain during startup leaves the not-yet-reported components unavailable', () => {
    const health = new HealthReporter();
    const scenario = startScenario(health, { readyAfterMs: 1000, drainMs: 10 });
    vi.advanceTimersByTime(300);
    void scenario.drain();
    vi.advanceTimersByTime(5000);
    expect(health.get('envoy.server')).toBeUndefined();
    expect(health.get('config.sync')?.status).toBe('TERMINATING');
  });

  it('stop clears every timer and settles a pending drain', async () => {
    const health = new HealthReporter();
    const scenario = startScenario(health, { readyAfterMs: 1000, drainMs: 60_000 });
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    scenario.stop();
    expect(vi.getTimerCount()).toBe(0);
    const before = health.snapshot();
    vi.advanceTimersByTime(60_000);
    expect(health.snapshot()).toEqual(before);

    const drain = scenario.drain();
    scenario.stop();
    await expect(drain).resolves.toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a component reported from outside keeps its state through startup and flaps, until released', () => {
    const health = new HealthReporter();
    const scenario = startScenario(health, { readyAfterMs: 1000, flapEveryMs: 300, flapForMs: 100 });
    const backend = () => health.get('storage.backend');
    health.report('storage.backend', { status: 'RUNNING', error: 'set by hand' });
    health.starting('proxy.service');
    vi.advanceTimersByTime(1000 + 3 * 300);
    expect(backend()).toMatchObject({ status: 'RUNNING', error: 'set by hand' });
    expect(health.get('proxy.service')?.status).toBe('UNKNOWN');
    expect(health.get('envoy.server')?.status).toBe('RUNNING');

    // released inside a flap: it takes the scenario's state of the moment, then flaps again
    vi.advanceTimersByTime(50);
    expect(scenario.release('storage.backend')).toBe(true);
    expect(backend()).toMatchObject({ status: 'RUNNING', error: FLAP_ERROR, attributes: { backend: 'postgres' } });
    vi.advanceTimersByTime(50);
    expect(backend()?.error).toBeNull();
    vi.advanceTimersByTime(200);
    expect(backend()?.error).toBe(FLAP_ERROR);
    expect(scenario.release('storage.backend')).toBe(false);

    expect(scenario.release('proxy.service')).toBe(true);
    expect(health.get('proxy.service')).toMatchObject({ status: 'RUNNING', error: null });
    scenario.stop();
  });

  it('a name the scenario does not report is forgotten when released; a forgotten one comes back', () => {
    const health = new HealthReporter();
    const scenario = startScenario(health, { readyAfterMs: 100, flap: false });
    vi.advanceTimersByTime(100);
    health.running('database');
    expect(scenario.release('database')).toBe(true);
    expect(health.get('database')).toBeUndefined();
    health.forget('xds.cluster');
    vi.advanceTimersByTime(1000);
    expect(health.get('xds.cluster')).toBeUndefined();
    expect(scenario.release('xds.cluster')).toBe(true);
    expect(health.get('xds.cluster')?.status).toBe('RUNNING');
    scenario.stop();
  });

  it('drain turns a component taken over TERMINATING too, and a release during the drain keeps it so', () => {
    const health = new HealthReporter();
    const scenario = startScenario(health, { readyAfterMs: 100, flap: false, drainMs: 1000 });
    vi.advanceTimersByTime(100);
    health.failed('storage.backend', 'set by hand');
    void scenario.drain();
    expect(health.get('storage.backend')).toMatchObject({ status: 'TERMINATING', error: null });
    scenario.release('storage.backend');
    expect(health.get('storage.backend')?.status).toBe('TERMINATING');
    scenario.stop();
  });

  it('rejects bad durations', () => {
    const health = new HealthReporter();
    expect(() => startScenario(health, { readyAfterMs: -1 })).toThrow(RangeError);
    expect(() => startScenario(health, { drainMs: Number.NaN })).toThrow(/drainMs/);
    expect(() => startScenario(health, { flapEveryMs: 100, flapForMs: 100 })).toThrow(/shorter than flapEveryMs/);
    expect(health.snapshot().checks).toEqual([]);
  });
});

describe('startScenario behind a real server', () => {
  it('becomes ready after readyAfterMs, flaps, and drains while still answering', async () => {
    const health = new HealthReporter();
    const started = performance.now();
    const scenario = startScenario(health, { readyAfterMs: 300, flapEveryMs: 400, flapForMs: 150, drainMs: 200 });
    const server = await serveHealth(health, { port: 0 });
    try {
      const early = await request(`${server.url}/readyz`);
      // on a stalled machine the first answer may come after 300 ms; the fake-clock tests pin the timing
      if (performance.now() - started < 290) expect(early.status).toBe(503);

      while ((await request(`${server.url}/readyz`)).status !== 200) await sleep(10);
      const readyAt = performance.now() - started;
      expect(readyAt).toBeGreaterThanOrEqual(295);
      expect(readyAt).toBeLessThan(3000);
      expect((await request(`${server.url}/startupz`)).status).toBe(200);

      let flapping = await getJson(`${server.url}/readyz`);
      while (flapping.status === 200) flapping = await sleep(10).then(() => getJson(`${server.url}/readyz`));
      expect(flapping.json).toMatchObject({ 'storage.backend': { status: 'RUNNING', error: FLAP_ERROR } });
      while ((await request(`${server.url}/readyz`)).status !== 200) await sleep(10);

      const drain = scenario.drain();
      expect((await request(`${server.url}/readyz`)).status).toBe(503);
      expect((await request(`${server.url}/healthz`)).status).toBe(200);
      expect((await getJson(`${server.url}/status`)).json).toMatchObject({
        statuses: { 'proxy.service': { status: 'TERMINATING' }, 'storage.backend': { status: 'TERMINATING' } },
      });
      await drain;
    } finally {
      scenario.stop();
      await server.close();
    }
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
