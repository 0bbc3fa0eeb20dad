import { describe, expect, it } from 'vitest';
import { evaluate, type EvaluateOptions } from '../../../src/model/evaluate.js';
import { compilePattern } from '../../../src/model/patterns.js';
import type { Component, Condition, FormatName, Phase, StateModel } from '../../../src/model/types.js';

function component(name: string, phase: Phase, condition: Condition = 'ok', extra: Partial<Component> = {}): Component {
  return { name, phase, condition, required: true, error: condition === 'ok' ? null : 'boom', attributes: {}, ...extra };
}

function model(components: Component[], format: FormatName = 'pomerium'): StateModel {
  return { format, components, claimed: null };
}

function options(extra: Partial<Omit<EvaluateOptions, 'only' | 'exclude' | 'critical'>> & { only?: string[]; exclude?: string[]; critical?: string[] } = {}): EvaluateOptions {
  return {
    degraded: extra.degraded ?? 'pass',
    httpStatus: extra.httpStatus === undefined ? 200 : extra.httpStatus,
    allReportedDecide: extra.allReportedDecide ?? false,
    only: (extra.only ?? []).map(compilePattern),
    exclude: (extra.exclude ?? []).map(compilePattern),
    critical: (extra.critical ?? []).map(compilePattern),
  };
}

describe('evaluate: Pomerium\'s rule for one required check, row by row', () => {
  // state → [startup, readiness]; healthctl's liveness ignores errors unless --critical.
  const rows: Array<[string, Component, 'pass' | 'fail', 'pass' | 'fail']> = [
    ['never reported', component('a', 'unavailable', 'failed'), 'fail', 'fail'],
    ['UNKNOWN', component('a', 'starting'), 'fail', 'fail'],
    ['UNKNOWN + error', component('a', 'starting', 'failed'), 'fail', 'fail'],
    ['RUNNING', component('a', 'running'), 'pass', 'pass'],
    ['RUNNING + error', component('a', 'running', 'failed'), 'pass', 'fail'],
    ['TERMINATING', component('a', 'terminating'), 'pass', 'fail'],
    ['TERMINATING + error', component('a', 'terminating', 'failed'), 'pass', 'fail'],
  ];
  it.each(rows)('%s', (_name, c, startup, readiness) => {
    const result = evaluate(model([c]), options());
    expect(result.probes).toEqual({ startup, readiness, liveness: 'pass' });
  });
});

describe('evaluate: options', () => {
  const state = model([
    component('authorize.service', 'running'),
    component('storage.backend', 'running', 'failed'),
    component('xds.cluster', 'running', 'degraded'),
    component('xds.listener', 'starting'),
    component('telemetry', 'running', 'failed', { required: false }),
  ]);

  it('non-required components never decide', () => {
    const result = evaluate(model([component('a', 'running'), component('b', 'running', 'failed', { required: false })]), options());
    expect(result.probes.readiness).toBe('pass');
  });

  it('--exclude takes exact names and globs', () => {
    expect(evaluate(state, options({ exclude: ['storage.backend', 'xds.*'] })).probes.readiness).toBe('pass');
    expect(evaluate(state, options({ exclude: ['storage.backend', 'xds.listener'] })).probes.readiness).toBe('warn');
  });

  it('--only evaluates only matching components', () => {
    expect(evaluate(state, options({ only: ['authorize.*'] })).probes).toEqual({ startup: 'pass', liveness: 'pass', readiness: 'pass' });
  });

  it('--only that matches nothing cannot pass', () => {
    const result = evaluate(state, options({ only: ['nope'] }));
    expect(result.probes.readiness).toBe('fail');
    expect(result.unmatchedOnly).toEqual(['nope']);
  });

  it('--degraded fail turns warn into fail', () => {
    const s = model([component('a', 'running'), component('b', 'running', 'degraded')]);
    expect(evaluate(s, options()).probes.readiness).toBe('warn');
    expect(evaluate(s, options({ degraded: 'fail' })).probes.readiness).toBe('fail');
  });

  it('--critical: a failed critical component fails liveness, a failed ordinary one does not', () => {
    expect(evaluate(state, options()).probes.liveness).toBe('pass');
    expect(evaluate(state, options({ critical: ['storage.*'] })).probes.liveness).toBe('fail');
    expect(evaluate(state, options({ critical: ['authorize.service'] })).probes.liveness).toBe('pass');
  });

  it('an excluded component cannot be critical', () => {
    expect(evaluate(state, options({ critical: ['storage.backend'], exclude: ['storage.backend'] })).probes.liveness).toBe('pass');
  });

  it('allReportedDecide makes informational entries count (pomerium health -a)', () => {
    const s = model([component('a', 'running'), component('b', 'starting', 'failed', { required: false })]);
    expect(evaluate(s, options({ allReportedDecide: true })).probes.readiness).toBe('fail');
  });

  it('globs match literally apart from * and ?', () => {
    expect(compilePattern('xds.*').test('xdsXcluster')).toBe(false);
    expect(compilePattern('xds.*').test('xds.a.b')).toBe(true);
    expect(compilePattern('a?c').test('abc')).toBe(true);
    expect(compilePattern('__proto__').test('__proto__')).toBe(true);
  });
});

describe('evaluate: the HTTP status is authoritative in one direction', () => {
  const ready = model([component('a', 'running')]);

  it('a non-2xx answer is never a pass for startup and readiness', () => {
    const result = evaluate(ready, options({ httpStatus: 503 }));
    expect(result.probes).toEqual({ startup: 'fail', readiness: 'fail', liveness: 'pass' });
    expect(result.statusCapped.readiness).toBe(true);
  });

  it('429 from Consul means warn for readiness and does not hold startup back', () => {
    const result = evaluate(model([component('a', 'running')], 'consul'), options({ httpStatus: 429 }));
    expect(result.probes).toEqual({ startup: 'pass', readiness: 'warn', liveness: 'pass' });
  });

  it('http-status: every probe passes on 200–399 and fails otherwise, liveness included', () => {
    const ok = model([component('t', 'running')], 'http-status');
    expect(evaluate(ok, options({ httpStatus: 302 })).probes).toEqual({ startup: 'pass', readiness: 'pass', liveness: 'pass' });
    const bad = model([component('t', 'running', 'failed')], 'http-status');
    expect(evaluate(bad, options({ httpStatus: 500 })).probes).toEqual({ startup: 'fail', readiness: 'fail', liveness: 'fail' });
  });
});
