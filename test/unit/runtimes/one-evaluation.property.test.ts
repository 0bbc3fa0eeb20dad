import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HealthctlError } from '../../../src/base/errors.js';
import { buildReport } from '../../../src/check/build-report.js';
import type { CheckResult } from '../../../src/check/run-check.js';
import type { CheckOptions } from '../../../src/config/check-options.js';
import { compilePattern } from '../../../src/model/patterns.js';
import { CONDITIONS, FORMAT_NAMES, PHASES, PROBE_KINDS, type Component, type Overall } from '../../../src/model/types.js';
import { NO_PAINT } from '../../../src/render/paint.js';
import { renderReport } from '../../../src/render/runtime-output.js';
import { OUTPUT_CAP_BYTES, RUNTIME_NAMES } from '../../../src/runtimes/facts.js';

const name = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'toString', 'xds.cluster', 'storage.backend'), fc.string({ minLength: 1, maxLength: 60 }));
const component: fc.Arbitrary<Component> = fc.record({
  name,
  phase: fc.constantFrom(...PHASES),
  condition: fc.constantFrom(...CONDITIONS),
  required: fc.boolean(),
  error: fc.option(fc.string({ maxLength: 300 }), { nil: null }),
  attributes: fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 20 }), { maxKeys: 3 }),
});

const overall: fc.Arbitrary<Overall> = fc.record({
  status: fc.string({ maxLength: 20 }),
  phase: fc.constantFrom(...PHASES),
  condition: fc.constantFrom(...CONDITIONS),
  source: fc.constantFrom('/status', '/health', 'line 3', 'body'),
  text: fc.option(fc.string({ maxLength: 300 }), { nil: null }),
  standIn: fc.option(name, { nil: null }),
});

const modelResult: fc.Arbitrary<CheckResult> = fc.record({
  components: fc.array(component, { maxLength: 300 }),
  format: fc.constantFrom(...FORMAT_NAMES),
  status: fc.constantFrom(200, 204, 301, 429, 500, 503),
  overall: fc.option(overall, { nil: null }),
}).map(({ components, format, status, overall: o }) => ({
  ok: true as const,
  model: { format, components, overall: o },
  httpStatus: status,
  address: '127.0.0.1:8080',
  timings: { dnsMs: 0.1, connectMs: 0.3, tlsMs: null, firstByteMs: 1.7, totalMs: 2.2 },
  redirects: [],
  contentType: 'application/json',
  body: '',
}));

const errorResult: fc.Arbitrary<CheckResult> = fc
  .record({ outcome: fc.constantFrom('unreachable' as const, 'timeout' as const, 'bad-response' as const), message: fc.string({ maxLength: 2000 }) })
  .map(({ outcome, message }) => ({ ok: false as const, error: new HealthctlError(outcome, message), format: null, httpStatus: null, address: null, timings: null, body: null }));

const settings = fc.record({
  probe: fc.constantFrom(...PROBE_KINDS),
  degraded: fc.constantFrom('pass' as const, 'fail' as const),
  exclude: fc.array(fc.constantFrom('xds.*', 'storage.backend', '*proto*'), { maxLength: 2 }),
  critical: fc.array(fc.constantFrom('storage.*', 'constructor', '*'), { maxLength: 2 }),
  output: fc.constantFrom('text' as const, 'json' as const),
  path: fc.constantFrom('/status', '/health', '/livez', '/readyz', '/health/started'),
});

type Settings = typeof settings extends fc.Arbitrary<infer T> ? T : never;

function optionsFor(runtime: (typeof RUNTIME_NAMES)[number], s: Settings): CheckOptions {
  return {
    target: { kind: 'http', url: new URL(`http://127.0.0.1:8080${s.path}`) },
    targetDisplay: `http://127.0.0.1:8080${s.path}`,
    probe: s.probe,
    runtime,
    format: 'auto',
    only: [],
    exclude: s.exclude.map(compilePattern),
    critical: s.critical.map(compilePattern),
    degraded: s.degraded,
    timeoutMs: 800,
    headers: [],
    method: 'GET',
    tls: { insecure: false, cacert: null, cert: null, key: null, servername: null },
    unixSocket: null,
    output: s.output,
    verbose: false,
    pomeriumCompat: false,
  };
}

function withTimings(result: CheckResult, totalMs: number): CheckResult {
  return { ...result, timings: { dnsMs: totalMs / 10, connectMs: totalMs / 5, tlsMs: null, firstByteMs: totalMs / 2, totalMs } };
}

describe('one evaluation, many translations (property)', () => {
  it('every runtime agrees on pass/fail; docker never exits 2; output within the cap; no timings on the first line', () => {
    fc.assert(
      fc.property(fc.oneof({ arbitrary: modelResult, weight: 4 }, { arbitrary: errorResult, weight: 1 }), settings, (result, s) => {
        const passes = new Set<boolean>();
        for (const runtime of RUNTIME_NAMES) {
          const options = optionsFor(runtime, s);
          const report = buildReport(result, options);
          const text = renderReport(report, { output: s.output, verbose: false, paint: NO_PAINT });
          const passed = report.outcome === 'pass' || report.outcome === 'warn';
          passes.add(passed);
          if (runtime === 'nagios') expect(report.exitCode).toBe(report.outcome === 'pass' ? 0 : report.outcome === 'warn' ? 1 : report.exitCode);
          else expect(report.exitCode === 0).toBe(passed);
          if (runtime === 'docker') expect(report.exitCode).not.toBe(2);
          const cap = OUTPUT_CAP_BYTES[runtime];
          if (cap !== null) expect(Buffer.byteLength(text)).toBeLessThanOrEqual(cap);
          if (s.output === 'json') {
            expect(() => JSON.parse(text) as unknown).not.toThrow();
          } else if (runtime !== 'nagios') {
            // The first line must not move when only the timings do.
            const slower = renderReport(buildReport(withTimings(result, 937.5), options), { output: 'text', verbose: false, paint: NO_PAINT });
            expect(slower.split('\n')[0]).toBe(text.split('\n')[0]);
          }
        }
        expect(passes.size).toBe(1);
      }),
      { numRuns: 300 },
    );
  });
});
