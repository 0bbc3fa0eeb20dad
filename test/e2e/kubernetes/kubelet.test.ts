import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthReporter, serveHealth, startScenario, type HealthServer, type Scenario } from '../../../src/sample/index.js';
import { renderStatus } from '../../../src/sample/probes.js';
import { runCli } from '../../helpers/cli.js';
import { startServer, type TestServer } from '../../helpers/http-server.js';
import { podEnvironment, probesFromYaml, runExecProbe, runKubelet, type ExecProbe } from '../../helpers/kubelet.js';

const EXIT_FAIL = 4;
const EXIT_TIMEOUT = 3;

/** The probes exactly as `healthctl init kubernetes` prints them for this target. */
async function initProbes(...args: string[]): Promise<ExecProbe[]> {
  const init = await runCli(['init', 'kubernetes', ...args]);
  expect(init.code, init.stderr).toBe(0);
  const probes = probesFromYaml(init.stdout);
  for (const probe of probes) expect(probe.command).not.toContain('--runtime');
  return probes;
}

function one(probes: ExecProbe[], kind: ExecProbe['kind']): ExecProbe {
  const probe = probes.find((p) => p.kind === kind);
  if (probe === undefined) throw new Error(`no ${kind} probe`);
  return probe;
}

describe('kubelet-faithful harness (not a cluster): the probes `healthctl init kubernetes` prints', () => {
  // A test runner busy with the whole suite can take most of the default 800 ms to start Node,
  // so the pod gives healthctl 1.5 s, as a pod spec's env: can; still under timeoutSeconds (2).
  const DEADLINE_MS = 1500;
  const pod = podEnvironment({ HEALTHCTL_TIMEOUT: `${DEADLINE_MS}ms` });
  afterAll(() => pod.dispose());

  describe('a slow-starting service', () => {
    let server: HealthServer;
    let scenario: Scenario;
    beforeAll(async () => {
      const health = new HealthReporter();
      scenario = startScenario(health, { readyAfterMs: 2500, flap: false });
      server = await serveHealth(health, { host: '127.0.0.1', port: 0 });
    });
    afterAll(async () => {
      scenario.stop();
      await server.close();
    });

    it('startup gates readiness and liveness; then ready, never restarted; exit codes 0 or 4', async () => {
      const probes = await initProbes(`${server.url}/status`);
      // Periods shrink tenfold (startup every 200 ms, the others every second); timeouts stay as printed.
      const record = await runKubelet(probes, pod.env, { durationMs: 8000, timeScale: 0.1 });

      expect(record.transitions.map((t) => t.what)).toEqual(['started', 'ready']);
      const started = record.transitions[0]?.at ?? Number.POSITIVE_INFINITY;
      const beforeStart = record.runs.filter((r) => r.at < started);
      expect(beforeStart.length).toBeGreaterThan(1);
      expect(new Set(beforeStart.map((r) => r.kind))).toEqual(new Set(['startup']));
      const afterStart = record.runs.filter((r) => r.at >= started);
      expect(afterStart.filter((r) => r.kind === 'readiness').length).toBeGreaterThan(0);
      expect(afterStart.filter((r) => r.kind === 'liveness').every((r) => r.exitCode === 0)).toBe(true);

      for (const run of record.runs) {
        expect(run.timedOut).toBe(false);
        expect([0, EXIT_FAIL]).toContain(run.exitCode);
        expect(Buffer.byteLength(run.output)).toBeLessThanOrEqual(10 * 1024);
      }
      const firstFailure = record.runs.find((r) => r.event !== null);
      expect(firstFailure?.event).toMatch(/^Startup probe failed: NOT STARTED: \d+ of 8 components not started/);
    }, 30_000);
  });

  describe('a service whose storage fails, answering after a varying delay', () => {
    const delays = [0, 200, 50, 150, 100, 180];
    let server: TestServer;
    let requests = 0;
    beforeAll(async () => {
      const health = new HealthReporter();
      health.require('config.sync', 'storage.backend');
      health.running('config.sync');
      health.running('storage.backend');
      health.failed('storage.backend', 'ping postgres: context deadline exceeded');
      const body = renderStatus(health.snapshot());
      server = await startServer((_req, res) => {
        const delay = delays[requests++ % delays.length] ?? 0;
        setTimeout(() => res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(body), delay);
      });
    });
    afterAll(() => server.close());

    it('every readiness failure gives the same event message, so kubelet deduplicates it; liveness holds', async () => {
      const probes = await initProbes(`${server.url}/status`);
      const readiness = one(probes, 'readiness');
      const runs = [];
      for (let i = 0; i < delays.length; i += 1) runs.push(await runExecProbe(readiness, pod.env));

      const latencies = runs.map((r) => r.ms);
      expect(Math.max(...latencies) - Math.min(...latencies)).toBeGreaterThan(120);
      for (const run of runs) expect([run.exitCode, run.timedOut], `${Math.round(run.ms)} ms: ${run.output}`).toEqual([EXIT_FAIL, false]);
      const events = runs.map((r) => r.event ?? '');
      expect(new Set(events.map((e) => e.split('\n')[0])).size).toBe(1);
      expect(new Set(events).size).toBe(1);
      expect(events[0]?.split('\n')[0]).toBe('Readiness probe failed: NOT READY: 1 of 2 components not ready: storage.backend failed: ping postgres: context deadline exceeded');

      // Liveness does not chase a dependency: no restart for a database outage.
      const liveness = await runExecProbe(one(probes, 'liveness'), pod.env);
      expect([liveness.exitCode, liveness.event]).toEqual([0, null]);
    }, 30_000);
  });

  it('a service that never answers: healthctl gives up first, so the event carries its reason, not "command timed out"', async () => {
    const hung = await startServer(() => {});
    try {
      const probe = one(await initProbes('--probe', 'readiness', `${hung.url}/status`), 'readiness');
      const run = await runExecProbe(probe, pod.env);
      expect(run.timedOut).toBe(false);
      expect(run.exitCode).toBe(EXIT_TIMEOUT);
      expect(DEADLINE_MS).toBeLessThan(probe.timeoutSeconds * 1000);
      expect(run.ms).toBeLessThan(probe.timeoutSeconds * 1000);
      expect(run.event).toMatch(/^Readiness probe failed: TIMEOUT: /);
    } finally {
      await hung.close();
    }
  }, 20_000);
});
