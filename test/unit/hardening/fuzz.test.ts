import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADAPTERS, detectAndParse, type ParseOutcome } from '../../../src/formats/detect.js';
import type { HealthResponse } from '../../../src/formats/types.js';
import { evaluate, type Evaluation } from '../../../src/model/evaluate.js';
import { compilePattern } from '../../../src/model/patterns.js';
import { FORMAT_NAMES, type FormatName, type StateModel } from '../../../src/model/types.js';

// test/unit/formats/properties.test.ts proves the adapters never throw and build well-formed
// components; this file proves the other half: nothing they build passes without a model that supports it.

const statusWord = fc.constantFrom(
  'UP', 'DOWN', 'OUT_OF_SERVICE', 'UNKNOWN', 'RUNNING', 'STARTING', 'UNAVAILABLE', 'UNAIVALABLE', 'TERMINATING', 'DEGRADED',
  'pass', 'warn', 'fail', 'ok', 'error', 'shutting_down', 'up', 'down', 'Healthy', 'Degraded', 'Unhealthy',
  'passing', 'warning', 'critical', 'maintenance', 'LIVE', 'DRAINING', 'SERVER_IS_READY', '',
  'STOPPING', 'degraded', 'true', 'false', 'unavailable', 'healthy', 'not_serving', 'starting',
);
const key = fc.oneof(
  fc.constantFrom(
    'status', 'components', 'details', 'checks', 'statuses', 'entries', 'info', 'error', 'outcome', 'state', 'name', 'data',
    'attributes', 'Key', 'Value', 'AggregatedStatus', 'Checks', 'CheckID', 'Status', 'Output', 'exception', 'description',
    'message', 'output', 'serviceId', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf',
    'health', 'healthy', 'ok', 'reason', 'db',
  ),
  fc.string({ maxLength: 8 }),
);
/** Random JSON made mostly of the words health formats use, so values reach past detection into the adapters. */
const shape = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.jsonValue({ maxDepth: 1 }),
    statusWord,
    fc.dictionary(key, tie('node'), { maxKeys: 6 }),
    fc.array(tie('node'), { maxLength: 4 }),
  ),
})).node;

/** Text bodies the text formats look for, mixed with noise. */
const textish = fc
  .array(fc.oneof(statusWord, fc.constantFrom('[+]etcd ok', '[-]db failed: reason withheld', 'readyz check passed', 'ok', '\n', ' '), fc.string({ maxLength: 10 })), { maxLength: 8 })
  .map((parts) => parts.join(''));

const randomBytes = fc.uint8Array({ maxLength: 600 }).map((bytes) => Buffer.from(bytes).toString('utf8'));
const contentType = fc.oneof(
  fc.constantFrom(null, 'application/json', 'application/health+json', 'application/vnd.spring-boot.actuator.v3+json', 'text/plain', 'text/html', ''),
  fc.string({ maxLength: 30 }),
);
const httpStatus = fc.oneof(fc.constantFrom(200, 204, 301, 302, 404, 429, 500, 503), fc.integer({ min: 100, max: 599 }));
const requested = fc.constantFrom<FormatName | 'auto'>('auto', 'auto', 'auto', ...FORMAT_NAMES);
const options = fc.record({
  degraded: fc.constantFrom('pass' as const, 'fail' as const),
  exclude: fc.array(fc.constantFrom('db', '*proto*', 'x*', 'constructor'), { maxLength: 2 }),
  only: fc.array(fc.constantFrom('db', '*', 'nothing-matches'), { maxLength: 1 }),
  allReportedDecide: fc.boolean(),
  endpointKind: fc.constantFrom(null, null, 'startup' as const, 'liveness' as const, 'readiness' as const),
});

function respond(body: string, type: string | null, status: number): HealthResponse {
  return { status, statusText: 'X', contentType: type, body, target: 'http://app:8080/health' };
}

/** No body model: the HTTP status alone decides, as with --format http-status. */
function statusOnly(model: StateModel): boolean {
  return model.format === 'http-status' || (model.format === 'json' && model.overall === null);
}

/** What the HTTP status allows at best: non-2xx never passes startup or readiness. */
function statusAllows(model: StateModel, status: number, kind: 'startup' | 'readiness'): 'pass' | 'warn' | 'fail' {
  if (statusOnly(model)) return status >= 200 && status <= 399 ? 'pass' : 'fail';
  if (status >= 200 && status <= 299) return 'pass';
  if (model.format === 'consul' && status === 429) return kind === 'startup' ? 'pass' : 'warn';
  return 'fail';
}

/** The probe rules, checked from the outside against evaluate()'s answer. */
function assertSound(model: StateModel, status: number, ev: Evaluation, degraded: 'pass' | 'fail'): void {
  const counted = ev.components.filter((c) => c.counted);
  const { startup, readiness } = ev.probes;
  // The service's own verdict: failing never starts or readies, whatever the components say.
  const overall = model.overall;
  if (overall !== null && (overall.condition === 'failed' || overall.phase === 'starting' || overall.phase === 'unavailable')) {
    expect(startup).toBe('fail');
    expect(readiness).toBe('fail');
  }
  if (overall !== null && overall.phase !== 'running') expect(readiness).toBe('fail');
  if (readiness !== 'fail') {
    expect(statusAllows(model, status, 'readiness')).not.toBe('fail');
    expect(ev.unmatchedOnly).toEqual([]);
    for (const c of counted) {
      expect(c.phase).toBe('running');
      expect(c.condition).not.toBe('failed');
      if (degraded === 'fail' || readiness === 'pass') expect(c.condition).toBe('ok');
    }
  }
  if (readiness === 'pass') expect(statusAllows(model, status, 'readiness')).toBe('pass');
  if (startup !== 'fail') {
    expect(statusAllows(model, status, 'startup')).not.toBe('fail');
    for (const c of counted) expect(['running', 'terminating']).toContain(c.phase);
  }
  // Liveness ignores dependencies, except that without a body model it follows the status (unless that one component is left out).
  if (ev.probes.liveness !== 'fail' && statusOnly(model) && counted.length > 0) expect(status >= 200 && status <= 399).toBe(true);
  // A dedicated liveness endpoint's own answer decides liveness: its status, its verdict, its components.
  if (ev.endpointKind === 'liveness' && ev.probes.liveness !== 'fail') {
    expect(statusAllows(model, status, 'readiness')).not.toBe('fail');
    expect(overall?.condition).not.toBe('failed');
    for (const c of counted) expect(c.condition).not.toBe('failed');
  }
}

function check(body: string, type: string | null, status: number, format: FormatName | 'auto', o: Options): void {
  let outcome: ParseOutcome | undefined;
  expect(() => {
    outcome = detectAndParse(respond(body, type, status), format);
  }).not.toThrow();
  if (outcome === undefined || !outcome.ok) return;
  const ev = evaluate(outcome.model, {
    only: o.only.map(compilePattern),
    exclude: o.exclude.map(compilePattern),
    critical: [],
    degraded: o.degraded,
    httpStatus: status,
    allReportedDecide: o.allReportedDecide,
    endpointKind: o.endpointKind,
  });
  assertSound(outcome.model, status, ev, o.degraded);
  // A body that says it is JSON and is not can never become a model in auto mode.
  if (format === 'auto' && type !== null && /json/i.test(type) && body.trim() !== '') expect(() => JSON.parse(body) as unknown).not.toThrow();
}

type Options = typeof options extends fc.Arbitrary<infer T> ? T : never;

describe('fuzzed bodies never yield a pass the state model does not support', () => {
  it('random bytes, any content type, any status, any requested format', () => {
    fc.assert(fc.property(randomBytes, contentType, httpStatus, requested, options, check), { numRuns: 1500 });
  });

  it('random JSON shapes built from health-format words', () => {
    fc.assert(
      fc.property(shape, contentType, httpStatus, requested, options, (value, type, status, format, o) => {
        check(JSON.stringify(value) ?? 'null', type, status, format, o);
      }),
      { numRuns: 2500 },
    );
  });

  it('random text built from the text formats\' words', () => {
    fc.assert(fc.property(textish, contentType, httpStatus, requested, options, check), { numRuns: 1500 });
  });

  it('each adapter on its own, given any JSON value: never throws, never passes unsupported', () => {
    fc.assert(
      fc.property(shape, httpStatus, options, (value, status, o) => {
        const body = JSON.stringify(value) ?? 'null';
        for (const adapter of Object.values(ADAPTERS)) {
          let result: ReturnType<typeof adapter.parse> | undefined;
          expect(() => {
            result = adapter.parse(respond(body, 'application/json', status), value);
          }).not.toThrow();
          if (result === undefined || !result.ok) continue;
          const ev = evaluate(result.model, { only: [], exclude: [], critical: [], degraded: o.degraded, httpStatus: status, allReportedDecide: o.allReportedDecide, endpointKind: o.endpointKind });
          assertSound(result.model, status, ev, o.degraded);
        }
      }),
      { numRuns: 800 },
    );
  });

  it('a Pomerium body cut short anywhere is a bad response, never a model (as Pomerium sends it, text/plain)', () => {
    const whole = '{"statuses":{"a":{"status":"RUNNING"},"b":{"status":"RUNNING"}},"checks":["a","b"]}';
    for (let cut = 1; cut < whole.length; cut++) {
      expect(detectAndParse(respond(whole.slice(0, cut), 'text/plain', 200), 'auto').ok, `cut at ${cut}`).toBe(false);
    }
  });
});
