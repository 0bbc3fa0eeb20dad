import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADAPTERS, detectAndParse, type ParseOutcome } from '../../../src/formats/detect.js';
import { CONDITIONS, FORMAT_NAMES, PHASES, type FormatName } from '../../../src/model/types.js';
import { respond } from './support.js';

const statusWord = fc.constantFrom(
  'UP', 'DOWN', 'OUT_OF_SERVICE', 'UNKNOWN', 'RUNNING', 'STARTING', 'UNAIVALABLE', 'UNAVAILABLE', 'TERMINATING',
  'pass', 'warn', 'fail', 'ok', 'error', 'shutting_down', 'up', 'down', 'Healthy', 'Degraded', 'Unhealthy',
  'passing', 'warning', 'critical', 'maintenance', 'internal error', 'CUSTOM',
  'STOPPING', 'degraded', 'true', 'false', 'unavailable', 'starting',
);

const fieldName = fc.constantFrom(
  'status', 'components', 'details', 'checks', 'statuses', 'entries', 'info', 'error', 'outcome', 'state', 'name',
  'data', 'attributes', 'Key', 'Value', 'internal_error', 'AggregatedStatus', 'Checks', 'CheckID', 'Status', 'Output',
  'Node', 'totalDuration', 'exception', 'description', 'message', 'output', 'componentId', 'serviceId', 'tags',
  '__proto__', 'constructor', 'toString', 'hasOwnProperty',
  'health', 'healthy', 'ok', 'reason', 'db', 'links',
);

/** JSON built from the words the adapters look for, so the property reaches past detection. */
const healthish = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.jsonValue({ maxDepth: 1 }),
    statusWord,
    fc.dictionary(fieldName, tie('node'), { maxKeys: 6 }),
    fc.array(tie('node'), { maxLength: 4 }),
  ),
})).node;

const requested = fc.constantFrom<FormatName | 'auto'>('auto', ...FORMAT_NAMES);
const contentType = fc.oneof(
  fc.constantFrom(
    null, 'application/json', 'application/health+json', 'application/vnd.spring-boot.actuator.v3+json',
    'text/plain; charset=utf-8', 'text/html', 'application/problem+json', '',
  ),
  fc.string(),
);
const httpStatus = fc.oneof(fc.constantFrom(200, 204, 301, 429, 500, 503), fc.integer({ min: 0, max: 999 }));

const phases: ReadonlySet<string> = new Set(PHASES);
const conditions: ReadonlySet<string> = new Set(CONDITIONS);

function assertWellFormed(outcome: ParseOutcome): void {
  if (!outcome.ok) {
    expect(typeof outcome.error).toBe('string');
    return;
  }
  for (const c of outcome.model.components) {
    expect(typeof c.name).toBe('string');
    expect(phases.has(c.phase)).toBe(true);
    expect(conditions.has(c.condition)).toBe(true);
    expect(c.error === null || typeof c.error === 'string').toBe(true);
    for (const value of Object.values(c.attributes)) expect(typeof value).toBe('string');
  }
}

function check(body: string, type: string | null, status: number, format: FormatName | 'auto'): void {
  assertWellFormed(detectAndParse(respond(body, { contentType: type, status }), format));
}

describe('detectAndParse never throws', () => {
  it('for arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), contentType, httpStatus, requested, check), { numRuns: 1000 });
  });

  it('for arbitrary JSON text', () => {
    fc.assert(fc.property(fc.json(), contentType, httpStatus, requested, check), { numRuns: 1000 });
  });

  it('for JSON made of the fields health formats use', () => {
    fc.assert(
      fc.property(healthish, contentType, httpStatus, requested, (value, type, status, format) => {
        check(JSON.stringify(value) ?? '', type, status, format);
      }),
      { numRuns: 2000 },
    );
  });

  it('for any JSON value handed straight to any adapter', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), healthish), fc.string({ maxLength: 40 }), (json, body) => {
        for (const adapter of Object.values(ADAPTERS)) {
          adapter.matchesShape({ json, jsonParsed: true, text: body, status: 200 });
          const result = adapter.parse(respond(body), json);
          assertWellFormed(result.ok ? { ...result, detectedBy: 'flag' } : { ...result, format: adapter.name });
        }
      }),
      { numRuns: 500 },
    );
  });

  it('for attribute values nested deeper than JSON.stringify can go', () => {
    const deep = '['.repeat(50_000) + ']'.repeat(50_000);
    const body = `{"a":{"status":"RUNNING","attributes":[{"Key":"k","Value":${deep}}]}}`;
    const outcome = detectAndParse(respond(body), 'auto');
    expect(outcome.ok && outcome.model.components[0]?.attributes).toEqual({ k: '[unserialisable]' });
  });

  it('the same for every runtime: 1,000 levels are the limit, not the stack (JavaScriptCore takes seconds to overflow)', () => {
    const nested = (depth: number): string => `{"a":{"status":"RUNNING","attributes":[{"Key":"k","Value":${'['.repeat(depth)}${']'.repeat(depth)}}]}}`;
    const attributes = (depth: number): unknown => {
      const outcome = detectAndParse(respond(nested(depth)), 'auto');
      return outcome.ok && outcome.model.components[0]?.attributes;
    };
    expect(attributes(1_000)).toEqual({ k: `${'['.repeat(199)}…` });
    expect(attributes(1_001)).toEqual({ k: '[unserialisable]' });
  });
});

describe('adapters stay linear', () => {
  const N = 100_000;
  const build: [FormatName, (names: string[]) => string][] = [
    ['pomerium', (names) => JSON.stringify({ statuses: Object.fromEntries(names.map((n) => [n, { status: 'RUNNING' }])), checks: names })],
    ['pomerium', (names) => JSON.stringify(Object.fromEntries(names.map((n) => [n, { status: 'RUNNING', attributes: [{ Key: 'k', Value: 'v' }] }])))],
    ['spring', (names) => JSON.stringify({ status: 'UP', components: Object.fromEntries(names.map((n) => [n, { status: 'UP', details: { x: 1 } }])) })],
    ['health-json', (names) => JSON.stringify({ status: 'pass', checks: Object.fromEntries(names.map((n) => [n, [{ status: 'pass' }, { status: 'warn' }]])) })],
    ['microprofile', (names) => JSON.stringify({ status: 'UP', checks: names.map((name) => ({ name, status: 'UP' })) })],
    ['aspnet', (names) => JSON.stringify({ status: 'Healthy', totalDuration: '0', entries: Object.fromEntries(names.map((n) => [n, { status: 'Healthy', data: {} }])) })],
    ['consul', (names) => JSON.stringify([{ AggregatedStatus: 'passing', Checks: names.map((n) => ({ CheckID: 'same', Node: n, Status: 'passing' })) }])],
    ['terminus', (names) => JSON.stringify({ status: 'ok', details: Object.fromEntries(names.map((n) => [n, { status: 'up' }])) })],
    ['terminus', (names) => JSON.stringify({ status: 'ok', ...Object.fromEntries(names.map((n) => [n, { status: 'up' }])) })],
    ['kubernetes', (names) => `${names.map((n) => `[+]${n} ok`).join('\n')}\nreadyz check passed\n`],
  ];

  function timeParse(body: string, expected: FormatName, size: number): number {
    const started = performance.now();
    const outcome = detectAndParse(respond(body), 'auto');
    const elapsed = performance.now() - started;
    expect(outcome.ok && outcome.model.format).toBe(expected);
    expect(outcome.ok && outcome.model.components.length).toBe(size);
    return elapsed;
  }

  // Ten times the components may cost at most forty times the time: a quadratic step costs a hundred.
  // A ratio, not a deadline, so a slow shared CI machine does not fail it.
  it.each(build)('parses %s with 100,000 components in linear time', { timeout: 60_000 }, (format, make) => {
    const names = (size: number) => Array.from({ length: size }, (_, i) => `component-${i}`);
    const small = make(names(N / 10));
    const large = make(names(N));
    const smallMs = Math.min(...[0, 1, 2].map(() => timeParse(small, format, N / 10)));
    const largeMs = timeParse(large, format, N);
    expect(largeMs).toBeLessThan(40 * smallMs + 250);
  });
});
