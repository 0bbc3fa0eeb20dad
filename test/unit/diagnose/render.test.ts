import { describe, expect, it } from 'vitest';
import { buildReport } from '../../../src/check/build-report.js';
import { resolveCheckOptions } from '../../../src/config/check-options.js';
import { verdictLines } from '../../../src/render/diagnose-text.js';
import { NO_PAINT } from '../../../src/render/paint.js';
import { renderReport } from '../../../src/render/runtime-output.js';
import type { HintId } from '../../../src/reports/diagnosis.js';
import { component, diagnose, failedResult, okResult, overall, text, type DiagnoseCase } from './support.js';

const LONG_ERROR = `ping postgres: ${'connection reset by peer while reading the startup packet; '.repeat(5)}giving up`;

const mixed = okResult([
  component('config.sync', { attributes: { source: 'file' } }),
  component('storage.backend', { condition: 'failed', error: LONG_ERROR, attributes: { backend: 'postgres' } }),
  component('authorize.service', { phase: 'starting' }),
  component('telemetry.exporter', { required: false, attributes: { exporter: 'otlp' } }),
]);

describe('diagnose text, colour off: every section', () => {
  const d = diagnose(mixed);
  const out = text(d);

  it('header: target, probe, format with Content-Type, HTTP status and address, timings per phase', () => {
    expect(out).toContain('healthctl diagnose · http://127.0.0.1:28080/status');
    expect(out).toContain('probe    readiness · runtime plain (--runtime) · deadline 5s');
    expect(out).toContain('format   pomerium · Content-Type application/json');
    expect(out).toContain('HTTP     200 from 127.0.0.1:28080');
    expect(out).toContain('timings  dns 0.1ms · connect 0.4ms · tls – · first byte 2.2ms · total 2.7ms');
  });

  it('the chosen verdict in words, with no colour codes', () => {
    expect(out).toMatch(/^✗ NOT READY: 2 of 3 components not ready: /m);
    expect(out).not.toMatch(/\x1b\[/);
  });

  it('components: failing first, then the rest, with required, phase, condition, error and attributes', () => {
    const rows = out.split('\n').filter((l) => /^ {2}[✓✗!] \S+\s+(required|not required|left out) /.test(l));
    expect(rows.map((r) => r.trim().split(/\s+/)[1])).toEqual(['storage.backend', 'authorize.service', 'config.sync', 'telemetry.exporter']);
    expect(rows[0]).toMatch(/storage\.backend\s+required\s+running\s+failed$/);
    expect(rows[1]).toMatch(/authorize\.service\s+required\s+starting\s+ok$/);
    expect(rows[3]).toMatch(/✓ telemetry\.exporter\s+not required\s+running\s+ok$/);
    expect(out).toContain('      backend=postgres');
    expect(out).toContain('      exporter=otlp');
    expect(out).toContain('Components · 4 reported · 2 not passing readiness');
  });

  it('a long error is wrapped to the width, never cut', () => {
    const narrow = text(d, 60);
    for (const line of narrow.split('\n').filter((l) => !l.includes('│') && !l.includes('┆'))) expect(line.length).toBeLessThanOrEqual(60);
    const errorLines = narrow.split('\n');
    const start = errorLines.findIndex((l) => l.startsWith('      error: ping postgres'));
    const joined = errorLines
      .slice(start, start + 8)
      .filter((l) => l.startsWith('      '))
      .map((l) => l.replace(/^ {6}(error: | {7})/, ''))
      .join(' ');
    expect(joined.replace(/\s+/g, ' ')).toContain(LONG_ERROR.replace(/\s+/g, ' ').trim());
  });

  it('the three verdicts, the chosen one marked', () => {
    expect(out).toContain('  ✗ startup    fail');
    expect(out).toContain('  ✓ liveness   pass');
    expect(out).toMatch(/ {2}✗ readiness {2}fail {3}← the chosen probe/);
  });

  it('runtimes: each exit code and exactly the text `probe --runtime NAME` prints', () => {
    const options = resolveCheckOptions('http://127.0.0.1:28080/status', { runtime: 'plain' }, {});
    const exits: Record<string, number> = { kubernetes: 4, docker: 1, ecs: 4, systemd: 4, nagios: 2 };
    for (const view of d.runtimes) {
      const expected = renderReport(buildReport(mixed, { ...options, runtime: view.runtime }), { output: 'text', verbose: false, paint: NO_PAINT });
      expect(view.output).toBe(expected);
      expect(view.exitCode).toBe(exits[view.runtime]);
      expect(out).toMatch(new RegExp(`${view.runtime} exit ${view.exitCode} \\(deadline `));
    }
    const wide = text(d, 2000);
    for (const view of d.runtimes) {
      for (const line of view.output.trimEnd().split('\n').slice(0, 12)) expect(wide).toContain(`    │ ${line}`);
    }
    expect(wide).toContain('kubernetes exit 4 (deadline 800ms) · docker exit 1 (deadline 24s) · ecs exit 4 (deadline 4s) · the same output:');
    expect(wide).toMatch(/│ HEALTHCTL CRITICAL - NOT READY: 2 of 3 components not ready/);
  });

  it("the service's own verdict: where it was read and what it decides, beside the format", () => {
    const down = diagnose(okResult([component('db')], { format: 'spring', overall: overall('DOWN', { text: 'pool exhausted' }), httpStatus: 503 }));
    expect(text(down)).toContain('service  reports DOWN (at /status), fails readiness: pool exhausted');
    expect(text(down)).toMatch(/^✗ NOT READY: service reports DOWN: pool exhausted$/m);
    expect(down.claimed).toBe('DOWN');
    expect(down.report.overall).toEqual({ status: 'DOWN', phase: 'running', condition: 'failed', source: '/status', text: 'pool exhausted', verdict: 'fail' });
    const up = diagnose(okResult([component('db')], { format: 'spring', overall: overall('UP', { condition: 'ok' }) }));
    expect(text(up)).toContain('service  reports UP (at /status)\n');
    expect(out).not.toMatch(/^ {2}service {2}/m);
  });

  it('a dedicated endpoint is named in the probe line', () => {
    const live = diagnose(okResult([component('a')]), { target: 'http://127.0.0.1:8080/health/live', flags: { probe: 'liveness' } });
    expect(live.endpoint).toBe('liveness');
    expect(text(live)).toContain('probe    liveness · liveness endpoint · runtime plain (--runtime) · deadline 5s');
    expect(d.endpoint).toBeNull();
  });

  it('hints: none when nothing looks wrong', () => {
    const clean = diagnose(okResult([component('a')]));
    expect(clean.hints).toEqual([]);
    expect(text(clean)).toContain('Hints  none');
  });

  it('an answer without a state model: the reason in the verdict line, no components, every probe failing', () => {
    const down = diagnose(failedResult('unreachable', 'connect ECONNREFUSED 127.0.0.1:28080 (connect)'));
    const t = text(down);
    expect(t).toContain('✗ UNREACHABLE: connect ECONNREFUSED 127.0.0.1:28080 (connect)');
    expect(t).toContain('Components · none: no state model (unreachable)');
    expect(t).toContain('timings  none (no network attempt completed)');
    expect(down.runtimes.map((r) => r.exitCode)).toEqual([2, 1, 2, 2, 2]);
    // Each kind names the one reason, as the first line does, not a bare "fail".
    expect(t).toContain('✗ startup    unreachable');
    expect(t).toContain('✗ readiness  unreachable   ← the chosen probe');
    expect(t).not.toMatch(/(startup|liveness|readiness) +fail/);
  });

  it('a body no state model could be read from: every kind says bad-response, in the compact view too', () => {
    const bad = diagnose(failedResult('bad-response', 'MicroProfile Health answered HTTP 500: the health status is undetermined'));
    expect(text(bad)).toContain('✗ liveness   bad-response');
    expect(verdictLines(bad, { paint: NO_PAINT, width: 100, compact: true, changed: new Map() })).toEqual(['Verdicts  ✗ startup bad-response · ✗ liveness bad-response · ✗ readiness bad-response (chosen)']);
  });

  it('a runtime output longer than the view shows says how much more there is', () => {
    const many = diagnose(okResult(Array.from({ length: 30 }, (_, i) => component(`c${i}`, { condition: 'failed', error: 'down' }))));
    expect(text(many, 200)).toContain('… 20 more lines (-o json has the whole output)');
  });
});

interface HintCase {
  id: HintId;
  level: 'warn' | 'info';
  why: string;
  make: () => ReturnType<typeof diagnose>;
  line: RegExp;
}

const HINTS: HintCase[] = [
  {
    id: 'loopback-in-kubernetes',
    level: 'info',
    why: 'a loopback target while KUBERNETES_SERVICE_HOST is set',
    make: () => diagnose(okResult([component('a')]), { env: { KUBERNETES_SERVICE_HOST: '10.96.0.1' } }),
    line: /^ {2}i 127\.0\.0\.1 is this pod's own loopback \(KUBERNETES_SERVICE_HOST is set\) — fix: right for an exec probe/m,
  },
  {
    id: 'loopback-in-kubernetes',
    level: 'warn',
    why: 'the same, when nothing answered there',
    make: () => diagnose(failedResult('unreachable', 'connect ECONNREFUSED'), { target: 'http://localhost:8080/healthz', env: { KUBERNETES_SERVICE_HOST: '10.96.0.1' } }),
    line: /^ {2}! localhost is this pod's own loopback \(KUBERNETES_SERVICE_HOST is set\) and nothing answered there — fix: .*pod IP or a Service name/m,
  },
  {
    id: 'proxy-variables',
    level: 'info',
    why: 'proxy variables set',
    make: () => diagnose(okResult([component('a')]), { env: { HTTP_PROXY: 'http://proxy:3128', https_proxy: 'http://proxy:3128' } }),
    line: /^ {2}i HTTP_PROXY, https_proxy are set: healthctl never sends loopback or Unix-socket checks through a proxy — fix: curl, wget and other probes may use the proxy: set NO_PROXY=localhost,127\.0\.0\.1,::1/m,
  },
  {
    id: 'deadline-above-runtime-timeout',
    level: 'warn',
    why: '--timeout 2s under kubernetes, whose timeoutSeconds defaults to 1',
    make: () => diagnose(okResult([component('a')]), { flags: { runtime: 'kubernetes', timeout: '2s' } }),
    line: /^ {2}! --timeout 2s is not shorter than kubernetes's timeoutSeconds \(default 1\): kubernetes kills the check first and records no reason — fix: raise timeoutSeconds above 2s, or drop --timeout/m,
  },
  {
    id: 'required-never-reported',
    level: 'warn',
    why: 'a required check never reported',
    make: () => diagnose(okResult([component('a'), component('xds.cluster', { phase: 'unavailable', condition: 'failed', error: 'required but never reported' })])),
    line: /^ {2}! required but never reported: xds\.cluster — fix: check the name is spelled as the service reports it/m,
  },
  {
    id: 'failing-not-required',
    level: 'info',
    why: 'a failing component that is not required',
    make: () => diagnose(okResult([component('a'), component('xds.other', { required: false, condition: 'failed', error: 'NACK from envoy' })])),
    line: /^ {2}i failing but not required, so they decide no probe: xds\.other — fix: if the service cannot work without them, make them required/m,
  },
  {
    id: 'terminating',
    level: 'info',
    why: 'a terminating component',
    make: () => diagnose(okResult([component('proxy.service', { phase: 'terminating' })])),
    line: /^ {2}i shutting down: proxy\.service \(readiness fails while it drains; startup and liveness still pass\) — fix: expected during a rollout or stop/m,
  },
  {
    id: 'ok-status-failing-body',
    level: 'warn',
    why: 'a 200 whose components fail',
    make: () => diagnose(okResult([component('storage.backend', { condition: 'failed', error: 'timeout' })])),
    line: /^ {2}! HTTP 200 but the body reports storage\.backend failed: checks that read only the status \(kubelet httpGet, load balancers\) see healthy — fix: Pomerium's \/status always answers 200: point status-only checks at \/readyz/m,
  },
  {
    id: 'ok-status-failing-body',
    level: 'warn',
    why: 'a 200 whose body claims DOWN',
    make: () => diagnose(okResult([component('db', { condition: 'failed' })], { format: 'spring', overall: overall('DOWN') })),
    line: /^ {2}! HTTP 200 but the body says DOWN: .* — fix: probe with healthctl, which reads the body, or have the service answer 503/m,
  },
  {
    id: 'ok-status-failing-body',
    level: 'warn',
    why: 'a 200 from a Pomerium-shaped body anywhere but /status: no Pomerium advice',
    make: () => diagnose(okResult([component('storage.backend', { condition: 'failed', error: 'timeout' })]), { target: 'http://127.0.0.1:9000/health' }),
    line: /^ {2}! HTTP 200 but the body reports storage\.backend failed: .* — fix: probe with healthctl, which reads the body/m,
  },
  {
    id: 'service-verdict',
    level: 'warn',
    why: 'the service says DOWN although every component it lists passes',
    make: () => diagnose(okResult([component('db'), component('cache')], { format: 'spring', overall: overall('DOWN') })),
    line: /^ {2}! the service itself reports DOWN \(\/status\), although no component left to check fails readiness — fix: its own verdict counts and --exclude or --only cannot leave it out/m,
  },
  {
    id: 'endpoint-kind',
    level: 'info',
    why: 'liveness asked of a readiness endpoint',
    make: () => diagnose(okResult([component('a')]), { target: 'http://127.0.0.1:8080/readyz', flags: { probe: 'liveness' } }),
    line: /^ {2}i \/readyz is a readiness endpoint, asked for liveness: liveness there only checks that the service answers — fix: for liveness, probe \/livez; keep \/readyz for the readiness probe$/m,
  },
  {
    id: 'endpoint-kind',
    level: 'warn',
    why: 'readiness asked of a liveness endpoint',
    make: () => diagnose(okResult([component('a')]), { target: 'http://127.0.0.1:8080/actuator/health/liveness' }),
    line: /^ {2}! \/actuator\/health\/liveness is a liveness endpoint, asked for readiness: it can pass while the service is not ready — fix: for readiness, probe \/actuator\/health\/readiness/m,
  },
  {
    id: 'terminating',
    level: 'info',
    why: 'the service itself says it is stopping',
    make: () => diagnose(okResult([component('db')], { format: 'microprofile', overall: overall('STOPPING', { phase: 'terminating', condition: 'ok' }) })),
    line: /^ {2}i shutting down: the service \(STOPPING\) \(readiness fails while it drains/m,
  },
  {
    id: 'content-type-mismatch',
    level: 'info',
    why: 'JSON sent as text/plain (as Pomerium does)',
    make: () => diagnose(okResult([component('a')], { contentType: 'text/plain; charset=utf-8', body: '{"statuses":{},"checks":[]}' })),
    line: /^ {2}i the body is JSON but Content-Type says text\/plain \(Pomerium's health server does this\); healthctl read it by its shape — fix: nothing to do for healthctl/m,
  },
  {
    id: 'content-type-mismatch',
    level: 'warn',
    why: 'JSON claimed, HTML sent',
    make: () => diagnose(failedResult('bad-response', 'body is not valid JSON: Unexpected token <', '<!DOCTYPE html><html><body>Sign in</body></html>')),
    line: /^ {2}! the answer is an HTML page where a health document was expected \(a login page, proxy or error page answered\?\) — fix: target the service's health endpoint directly/m,
  },
  {
    id: 'redirects',
    level: 'info',
    why: 'redirects followed',
    make: () => diagnose(okResult([component('a')], { redirects: ['http://127.0.0.1:28080/status/'] })),
    line: /^ {2}i followed 1 redirect, ending at http:\/\/127\.0\.0\.1:28080\/status\/ — fix: target http:\/\/127\.0\.0\.1:28080\/status\/ directly/m,
  },
];

describe('diagnose hints, colour off: each one line with its fix', () => {
  it.each(HINTS)('$id ($why)', ({ id, level, make, line }) => {
    const d = make();
    const hint = d.hints.find((h) => h.id === id);
    expect(hint).toMatchObject({ id, level });
    expect(text(d, 1000)).toMatch(line);
  });

  it('every hint is covered above', () => {
    const covered = new Set(HINTS.map((h) => h.id));
    expect([...covered].sort()).toEqual(
      ['content-type-mismatch', 'deadline-above-runtime-timeout', 'endpoint-kind', 'failing-not-required', 'loopback-in-kubernetes', 'ok-status-failing-body', 'proxy-variables', 'redirects', 'required-never-reported', 'service-verdict', 'terminating'],
    );
  });

  it('warnings come before information', () => {
    const c: DiagnoseCase = { env: { HTTP_PROXY: 'http://p:1' } };
    const d = diagnose(okResult([component('x', { phase: 'unavailable', condition: 'failed' }), component('y', { phase: 'terminating' })]), c);
    expect(d.hints.map((h) => h.level)).toEqual(['warn', 'info', 'info']);
  });

  it('no deadline hint for the runtime default or a deadline under the runtime timeout', () => {
    expect(diagnose(okResult([component('a')]), { flags: { runtime: 'kubernetes' } }).hints).toEqual([]);
    expect(diagnose(okResult([component('a')]), { flags: { runtime: 'kubernetes', timeout: '900ms' } }).hints).toEqual([]);
    expect(diagnose(okResult([component('a')]), { flags: { runtime: 'ecs', timeout: '5s' } }).hints.map((h) => h.id)).toEqual(['deadline-above-runtime-timeout']);
  });

  it('a wrapped hint stays inside the width', () => {
    const d = HINTS[3]?.make();
    if (d === undefined) throw new Error('no case');
    const lines = text(d, 50).split('\n');
    const at = lines.findIndex((l) => l.startsWith('  ! --timeout'));
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toMatch(/^ {4}\S/);
    for (const l of lines.slice(at, at + 4)) expect(l.length).toBeLessThanOrEqual(50);
  });
});
