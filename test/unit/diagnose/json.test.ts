import { describe, expect, it } from 'vitest';
import { buildDiagnosis } from '../../../src/diagnose/build.js';
import { resolveCheckOptions } from '../../../src/config/check-options.js';
import { renderDiagnosis } from '../../../src/render/diagnose-text.js';
import { NO_PAINT } from '../../../src/render/paint.js';
import { component, diagnose, diagnoseValidator, failedResult, okResult, overall } from './support.js';

const validator = diagnoseValidator();

describe('-o json against the documented schemas', () => {
  const cases = {
    mixed: diagnose(okResult([component('a', { attributes: { k: 'v' } }), component('b', { condition: 'degraded', required: false }), component('c', { phase: 'unavailable', condition: 'failed', error: 'never reported' })], { redirects: ['http://x/y'] }), { env: { HTTP_PROXY: 'http://p:1' } }),
    unreachable: diagnose(failedResult('unreachable', 'connect ECONNREFUSED 127.0.0.1:28080')),
    timeout: diagnose(failedResult('timeout', 'timeout after 800ms in first byte'), { flags: { runtime: 'kubernetes', timeout: '2s' } }),
    badResponse: diagnose(failedResult('bad-response', 'body is not valid JSON', '<html></html>')),
    serviceVerdict: diagnose(okResult([component('db')], { format: 'json', overall: overall('false', { source: '/health', text: 'no leader', standIn: 'json' }), httpStatus: 503 }), { target: 'http://127.0.0.1:2379/livez' }),
  };
  it.each(Object.entries(cases))('%s validates, and its report is a healthctl/v1 document', (_name, d) => {
    const doc: unknown = JSON.parse(JSON.stringify(d));
    expect(validator.validate(doc)).toBeNull();
    expect(validator.validateReport(JSON.parse(JSON.stringify(d.report)))).toBeNull();
  });

  it('the schema rejects what it should: a wrong runtime, a missing hint fix, an extra field', () => {
    const good: unknown = JSON.parse(JSON.stringify(cases.mixed));
    const bad = (mutate: (doc: Record<string, unknown>) => void): string | null => {
      const doc = structuredClone(good);
      if (typeof doc !== 'object' || doc === null) throw new Error('not an object');
      mutate(doc as Record<string, unknown>);
      return validator.validate(doc);
    };
    expect(bad((d) => ((d['runtimes'] as Array<Record<string, unknown>>)[0]!['runtime'] = 'swarm'))).not.toBeNull();
    expect(bad((d) => delete (d['hints'] as Array<Record<string, unknown>>)[0]!['fix'])).not.toBeNull();
    expect(bad((d) => (d['extra'] = 1))).not.toBeNull();
    expect(bad((d) => ((d['report'] as Record<string, unknown>)['outcome'] = 'great'))).not.toBeNull();
    expect(bad((d) => (d['endpoint'] = 'sometimes'))).not.toBeNull();
    const withOverall: unknown = JSON.parse(JSON.stringify(cases.serviceVerdict));
    const report = (doc: unknown): Record<string, unknown> => (doc as { report: Record<string, unknown> }).report;
    expect(validator.validate(withOverall)).toBeNull();
    const noSource = structuredClone(withOverall);
    delete (report(noSource)['overall'] as Record<string, unknown>)['source'];
    expect(validator.validate(noSource)).not.toBeNull();
  });
});

describe('budget: 5,000 components', () => {
  it('one diagnosis (six evaluations), its text and its JSON take well under the 1.5 s budget', () => {
    const components = Array.from({ length: 5000 }, (_, i) => component(`component.${i}`, i % 10 === 0 ? { condition: 'failed', error: `error ${i}`, attributes: { shard: String(i) } } : { attributes: { shard: String(i) } }));
    const options = resolveCheckOptions('http://127.0.0.1:28080/status', { runtime: 'plain' }, {});
    const started = performance.now();
    const d = buildDiagnosis({ result: okResult(components), options, timeoutGiven: false, runtimeChoice: { runtime: 'plain', source: '--runtime', reason: null }, env: {}, checkedAt: new Date() });
    const out = renderDiagnosis(d, { paint: NO_PAINT, width: 120, compact: false, changed: new Map() });
    const json = JSON.stringify(d);
    const ms = performance.now() - started;
    expect(out.split('\n').filter((l) => l.includes('component.')).length).toBeGreaterThanOrEqual(5000);
    expect(JSON.parse(json).report.components).toHaveLength(5000);
    expect(ms).toBeLessThan(1500);
  });
});
