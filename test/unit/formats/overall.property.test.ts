import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HealthctlError } from '../../../src/base/errors.js';
import { buildReport } from '../../../src/check/build-report.js';
import type { CheckResult } from '../../../src/check/run-check.js';
import { resolveCheckOptions } from '../../../src/config/check-options.js';
import { detectAndParse, type BodyFormatName } from '../../../src/formats/detect.js';
import type { StateModel } from '../../../src/model/types.js';
import { RUNTIME_NAMES } from '../../../src/runtimes/facts.js';
import { grpcStateModel } from '../../../src/transport/grpc-state.js';
import { respond } from './support.js';

/** One document whose own overall status says failing (or not started), as its format writes it. */
interface Doc {
  format: BodyFormatName;
  body: string;
  contentType: string | null;
}

const name = fc.constantFrom('db', 'cache', 'db.primary', 'search', '__proto__', 'constructor', 'x');
const anyCase = (word: string) => fc.constantFrom(word, word.toUpperCase(), word[0]?.toUpperCase() + word.slice(1));
const httpStatus = fc.constantFrom(200, 200, 204, 207, 429, 500, 503);

const json = (format: BodyFormatName, contentType: string | null = 'application/json') => (value: unknown): Doc => ({ format, body: JSON.stringify(value), contentType });

// Components say anything: passing, failing, degraded, stopping; the overall status is what fails.
const healthJson = fc
  .record({
    status: fc.oneof(anyCase('fail'), anyCase('error'), anyCase('down')),
    checks: fc.option(fc.dictionary(name, fc.array(fc.record({ status: fc.constantFrom('pass', 'warn', 'fail', 'ok') }), { maxLength: 3 }), { maxKeys: 4 }), { nil: undefined }),
  })
  .map(json('health-json', 'application/health+json'));

const springNode = fc.record({ status: fc.constantFrom('UP', 'DOWN', 'OUT_OF_SERVICE', 'UNKNOWN', 'DEGRADED') });
const spring = fc
  .record({ status: fc.constantFrom('DOWN', 'UNKNOWN'), components: fc.option(fc.dictionary(name, springNode, { maxKeys: 4 }), { nil: undefined }) })
  .map(json('spring'));

const microprofile = fc
  .record({
    status: fc.oneof(anyCase('down'), fc.constant('STARTING')),
    checks: fc.array(fc.record({ name, status: fc.constantFrom('UP', 'DOWN', 'STARTING', 'STOPPING') }), { maxLength: 4 }),
  })
  .map(json('microprofile'));

const aspnet = fc.oneof(
  fc
    .record({ status: fc.constant('Unhealthy'), totalDuration: fc.constant('00:00:00.01'), entries: fc.dictionary(name, fc.record({ status: fc.constantFrom('Healthy', 'Degraded', 'Unhealthy') }), { maxKeys: 4 }) })
    .map(json('aspnet')),
  fc.constant<Doc>({ format: 'aspnet', body: 'Unhealthy', contentType: 'text/plain' }),
);

const indicator = fc.record({ status: fc.constantFrom('up', 'down', 'degraded') });
const terminus = fc.oneof(
  fc.record({ status: fc.constant('error'), info: fc.dictionary(name, indicator, { maxKeys: 3 }), error: fc.dictionary(name, indicator, { maxKeys: 3 }), details: fc.dictionary(name, indicator, { maxKeys: 3 }) }).map(json('terminus')),
  fc.tuple(fc.dictionary(fc.constantFrom('db', 'cache', 'search'), indicator, { minKeys: 1, maxKeys: 3 })).map(([indicators]) => json('terminus')({ status: 'error', ...indicators })),
);

const consulCheck = fc.record({ CheckID: name, Status: fc.constantFrom('passing', 'warning', 'critical', 'maintenance') });
const consul = fc
  .tuple(
    fc.array(fc.record({ AggregatedStatus: fc.constantFrom('passing', 'warning'), Checks: fc.array(consulCheck, { maxLength: 3 }) }), { maxLength: 2 }),
    fc.array(consulCheck, { maxLength: 3 }),
  )
  .map(([others, checks]) => json('consul')([...others, { AggregatedStatus: 'critical', Checks: checks }]));

const kubernetes = fc
  .tuple(fc.array(fc.tuple(fc.boolean(), fc.constantFrom('ping', 'etcd', 'log', 'informer-sync')), { minLength: 1, maxLength: 5 }), fc.constantFrom('readyz', 'livez', 'healthz'))
  .map(([checks, kind]): Doc => ({
    format: 'kubernetes',
    body: `${checks.map(([ok, check]) => (ok ? `[+]${check} ok` : `[-]${check} failed: reason withheld`)).join('\n')}\n${kind} check failed\n`,
    contentType: 'text/plain; charset=utf-8',
  }));

const generic = fc
  .tuple(
    fc.constantFrom('status', 'health', 'healthy', 'state', 'ok'),
    fc.constantFrom('down', 'FAIL', 'failing', 'error', 'critical', 'Unhealthy', 'false', 'unavailable', 'NOT_SERVING', 'out_of_service', 'red', 'starting'),
    fc.boolean(),
    fc.option(fc.constantFrom('no leader', 'pool exhausted'), { nil: undefined }),
  )
  .map(([member, word, asBoolean, error]) => {
    const value = asBoolean && word === 'false' && member !== 'status' && member !== 'state' ? false : word;
    return json('json')({ [member]: value, error, db: 'up', components: [{ status: 'UP' }] });
  });

const notStarted = fc.oneof(
  fc.constantFrom<Doc>(
    { format: 'envoy', body: 'PRE_INITIALIZING\n', contentType: 'text/plain' },
    { format: 'envoy', body: 'INITIALIZING\n', contentType: 'text/plain' },
    { format: 'lightship', body: 'SERVER_IS_NOT_READY', contentType: 'text/plain' },
  ),
);

/** pomerium and http-status carry no overall status of their own: components and the HTTP status are all they say. */
const DOCUMENTS: Record<string, fc.Arbitrary<Doc>> = { healthJson, spring, microprofile, aspnet, terminus, consul, kubernetes, generic, notStarted };

const settings = fc.record({
  probe: fc.constantFrom('startup', 'readiness'),
  path: fc.constantFrom('/health', '/status', '/readyz', '/livez', '/health/started', '/actuator/health/readiness'),
  exclude: fc.array(fc.constantFrom('*', 'db', 'json', 'spring', 'microprofile', 'aspnet', 'terminus', 'kubernetes', 'envoy', 'lightship'), { maxLength: 2 }),
  only: fc.array(fc.constantFrom('db', 'cache', '*'), { maxLength: 1 }),
  degraded: fc.constantFrom('pass', 'fail'),
  named: fc.boolean(),
});

type Settings = typeof settings extends fc.Arbitrary<infer T> ? T : never;

function checkResult(doc: Doc, status: number, s: Settings): CheckResult {
  const parsed = detectAndParse(respond(doc.body, { status, contentType: doc.contentType }), s.named ? doc.format : 'auto');
  const common = { httpStatus: status, address: '127.0.0.1:8080', timings: null };
  if (!parsed.ok) return { ok: false, error: new HealthctlError('bad-response', parsed.error), format: parsed.format, ...common, body: doc.body };
  return { ok: true, model: parsed.model, ...common, redirects: [], contentType: doc.contentType, body: doc.body };
}

/** Under every runtime, neither pass nor warn, and the exit code says so. */
function assertNeverPasses(result: CheckResult, target: string, s: Settings): void {
  for (const runtime of RUNTIME_NAMES) {
    const flags = { runtime, probe: s.probe, exclude: s.exclude, only: s.only, degraded: s.degraded };
    const report = buildReport(result, resolveCheckOptions(target, flags, {}));
    expect(report.outcome, `${runtime} ${report.summary}`).not.toMatch(/^(pass|warn)$/);
    expect(report.exitCode, runtime).not.toBe(0);
  }
}

describe("a document whose overall status says failing never passes startup or readiness (property)", () => {
  it.each(Object.entries(DOCUMENTS))('%s, whatever its components say, under every runtime', (_label, documents) => {
    fc.assert(
      fc.property(documents, httpStatus, settings, (doc, status, s) => {
        assertNeverPasses(checkResult(doc, status, s), `http://127.0.0.1:8080${s.path}`, s);
      }),
      { numRuns: 150 },
    );
  });

  it('grpc: NOT_SERVING, UNKNOWN, SERVICE_UNKNOWN or an unknown service, whatever List says', () => {
    const answer = fc.constantFrom<0 | 2 | 3 | 'not-found'>(0, 2, 3, 'not-found');
    const listed = fc.option(fc.array(fc.tuple(fc.constantFrom('', 'a', 'b'), fc.constantFrom(0, 1, 2, 3)), { maxLength: 3 }), { nil: null });
    fc.assert(
      fc.property(answer, listed, settings, (value, list, s) => {
        const timings = { dnsMs: null, connectMs: 1, tlsMs: null, firstByteMs: 1, totalMs: 2 };
        const model: StateModel = grpcStateModel({ address: '127.0.0.1:50051', checked: [{ service: '', answer: value }], listed: list === null ? null : new Map(list), timings });
        const result: CheckResult = { ok: true, model, httpStatus: null, address: '127.0.0.1:50051', timings, redirects: [], contentType: null, body: '' };
        assertNeverPasses(result, 'grpc://127.0.0.1:50051', { ...s, exclude: s.exclude.filter((p) => p !== '*'), only: [] });
      }),
      { numRuns: 100 },
    );
  });
});
