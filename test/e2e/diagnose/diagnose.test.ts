import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthReporter, serveHealth, type HealthServer } from '../../../src/sample/index.js';
import { runCli } from '../../helpers/cli.js';
import { startServer, type TestServer } from '../../helpers/http-server.js';
import { diagnoseValidator } from '../../unit/diagnose/support.js';
import { start } from './process.js';

const validator = diagnoseValidator();
let health: HealthReporter;
let server: HealthServer;
let target: string;

beforeAll(async () => {
  health = new HealthReporter({ required: ['authorize.service', 'storage.backend', 'xds.cluster'] });
  health.starting('authorize.service');
  health.running('storage.backend', { backend: 'postgres' });
  health.failed('storage.backend', 'ping postgres: context deadline exceeded');
  health.running('telemetry.exporter');
  server = await serveHealth(health, { port: 0 });
  target = `${server.url}/status`;
});
afterAll(async () => {
  await server.close();
});

/** Timings change between runs; everything else a runtime keeps must be identical. */
const stable = (text: string): string => text.replace(/took=[\d.]+ms/g, 'took=T').replace(/time=[\d.]+s/g, 'time=T');

describe('healthctl diagnose against a real service (the sample module)', () => {
  it('shows every section and exits with the chosen probe\'s code under the chosen runtime', async () => {
    const r = await runCli(['diagnose', target, '--runtime', 'kubernetes'], { env: { COLUMNS: '120' } });
    expect(r.code).toBe(4);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(`healthctl diagnose · ${target}`);
    expect(r.stdout).toMatch(/format {3}pomerium · Content-Type text\/plain; charset=utf-8/);
    expect(r.stdout).toMatch(/timings {2}dns – · connect [\d.]+ms · tls – · first byte [\d.]+ms · total [\d.]+ms/);
    expect(r.stdout).toContain('✗ NOT READY: 3 of 3 components not ready:');
    expect(r.stdout).toMatch(/^ {2}✗ storage\.backend\s+required\s+running\s+failed\n {6}error: ping postgres: context deadline exceeded\n {6}backend=postgres$/m);
    expect(r.stdout).toMatch(/^ {2}✓ telemetry\.exporter\s+not required\s+running\s+ok$/m);
    expect(r.stdout).toMatch(/readiness {2}fail {3}← the chosen probe/);
    expect(r.stdout).toContain('kubernetes exit 4 (deadline 800ms) · docker exit 1 (deadline 24s) · ecs exit 4 (deadline 4s) · the same output:');
    expect(r.stdout).toMatch(/! required but never reported: xds\.cluster — fix: /);
    expect(r.stdout).toMatch(/i the body is JSON but Content-Type says text\/plain/);
    expect(r.stdout).not.toMatch(/\x1b\[/);
  });

  it('each runtime\'s exit code and output are what `healthctl probe --runtime NAME` gives for the same answer', async () => {
    // the same generous deadline for both: a probe's deadline counts from its process start, and a busy machine must not turn this into a timeout
    const d = await runCli(['diagnose', target, '--runtime', 'plain', '--timeout', '5s', '-o', 'json']);
    expect(d.code).toBe(4);
    const doc: unknown = JSON.parse(d.stdout);
    expect(validator.validate(doc)).toBeNull();
    const views = (doc as { runtimes: Array<{ runtime: string; exitCode: number; output: string }> }).runtimes;
    expect(views.map((v) => v.runtime)).toEqual(['kubernetes', 'docker', 'ecs', 'systemd', 'nagios']);
    for (const view of views) {
      const probe = await runCli(['probe', target, '--runtime', view.runtime, '--timeout', '5s']);
      expect({ runtime: view.runtime, code: probe.code, out: stable(probe.stdout + probe.stderr) }).toEqual({ runtime: view.runtime, code: view.exitCode, out: stable(view.output) });
    }
  });

  it('-o json for an unreachable target validates and exits with that runtime\'s code', async () => {
    const closed = await startServer(() => {});
    await closed.close();
    const r = await runCli(['diagnose', `http://127.0.0.1:${closed.port}/status`, '--runtime', 'docker', '-o', 'json']);
    expect(r.code).toBe(1);
    const doc: unknown = JSON.parse(r.stdout);
    expect(validator.validate(doc)).toBeNull();
    expect(doc).toMatchObject({ report: { outcome: 'unreachable', components: [] }, runtimes: [{ exitCode: 2 }, { exitCode: 1 }, { exitCode: 2 }, { exitCode: 2 }, { exitCode: 2 }] });
  });

  it('hints from the environment: Kubernetes with a loopback target, proxy variables, a deadline over timeoutSeconds', async () => {
    const r = await runCli(['diagnose', target, '--timeout', '2s', '-o', 'json'], { env: { KUBERNETES_SERVICE_HOST: '10.96.0.1', HTTP_PROXY: 'http://proxy.invalid:3128' } });
    const doc = JSON.parse(r.stdout) as { report: { runtime: string }; hints: Array<{ id: string }> };
    expect(doc.report.runtime).toBe('kubernetes');
    expect(doc.hints.map((h) => h.id).sort()).toEqual(['content-type-mismatch', 'deadline-above-runtime-timeout', 'loopback-in-kubernetes', 'ok-status-failing-body', 'proxy-variables', 'required-never-reported']);
  });

  it('bad flags name the flag and never start a check', async () => {
    const r = await runCli(['diagnose', target, '--watch', '10ms', '--runtime', 'plain']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("healthctl: --watch: the interval must be at least 100ms (got '10ms')\n");
  });
});

describe('diagnose --watch without a terminal', () => {
  it('prints one timestamped line per transition and, on SIGINT, a summary', async () => {
    const w = new HealthReporter({ required: ['authorize.service', 'storage.backend'] });
    w.starting('authorize.service');
    w.running('storage.backend');
    const s = await serveHealth(w, { port: 0 });
    try {
      const p = start(['diagnose', `${s.url}/status`, '--runtime', 'plain', '--watch', '200ms']);
      await p.waitFor(/watching .* every 200ms \(readiness, runtime plain\): NOT READY: 1 of 2 components not ready: authorize\.service starting\n/);
      w.running('authorize.service');
      await p.waitFor(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ authorize\.service starting → running\n\S+ readiness fail → pass: READY: 2 of 2 components ready\n/m);
      w.failed('storage.backend', 'ping postgres: timeout');
      await p.waitFor(/Z storage\.backend running → running, failed: ping postgres: timeout\n/);
      w.clearError('storage.backend');
      await p.waitFor(/Z storage\.backend running, failed: ping postgres: timeout → running\n/);
      p.child.kill('SIGINT');
      const end = await p.exited;
      expect(end.code).toBe(0);
      expect(p.stdout()).toMatch(/Watched for [\d.]+m?s \(\d+ checks\)\n {2}time to ready: [\d.]+m?s\n {2}transitions: 3\n {2}flapped: storage\.backend \(1×\)\n {2}last: READY: 2 of 2 components ready\n$/);
      expect(p.stderr()).toBe('');
    } finally {
      await s.close();
    }
  });

  it('-o json prints one valid document per check that changed something', async () => {
    const w = new HealthReporter({ required: ['a'] });
    w.starting('a');
    const s = await serveHealth(w, { port: 0 });
    try {
      const p = start(['diagnose', `${s.url}/status`, '--runtime', 'plain', '--watch', '200ms', '-o', 'json']);
      await p.waitFor(/\n/);
      w.running('a');
      await p.waitFor(/\n.*\n/);
      await new Promise((r) => setTimeout(r, 500));
      p.child.kill('SIGINT');
      expect((await p.exited).code).toBe(0);
      const docs = p.stdout().trim().split('\n').map((l) => JSON.parse(l) as { report: { outcome: string } });
      expect(docs.map((d) => d.report.outcome)).toEqual(['fail', 'pass']);
      for (const d of docs) expect(validator.validate(d)).toBeNull();
    } finally {
      await s.close();
    }
  });
});

describe('budget', () => {
  let big: TestServer;
  beforeAll(async () => {
    const statuses: Record<string, { status: string; error?: string }> = {};
    const checks: string[] = [];
    for (let i = 0; i < 5000; i++) {
      const name = `component.${String(i).padStart(4, '0')}`;
      statuses[name] = i % 100 === 0 ? { status: 'RUNNING', error: `shard ${i} lagging` } : { status: 'RUNNING' };
      checks.push(name);
    }
    const body = JSON.stringify({ statuses, checks });
    big = await startServer((_req, res) => res.end(body));
  });
  afterAll(async () => {
    await big.close();
  });

  it('diagnose of a 5,000-component model takes at most 1.5 s (median of 3, whole process, net of a loaded machine)', async () => {
    const times: number[] = [];
    const node: number[] = [];
    for (let i = 0; i < 3; i++) {
      const bare = performance.now();
      spawnSync(process.execPath, ['-e', '0']);
      node.push(performance.now() - bare);
      const r = await runCli(['diagnose', `${big.url}/status`, '--runtime', 'plain']);
      expect(r.code).toBe(4);
      expect(r.stdout).toContain('Components · 5000 reported · 50 not passing readiness');
      times.push(r.ms);
    }
    times.sort((a, b) => a - b);
    node.sort((a, b) => a - b);
    // The budget is 1.5 s on an idle machine, where `node -e 0` takes about 100 ms; side by side
    // with it, a busy CI runner slows both and only what healthctl adds is held to the budget.
    expect((times[1] ?? Infinity) - (node[1] ?? 0)).toBeLessThanOrEqual(1400);
  });
});
