import { describe, expect, it } from 'vitest';
import { evaluate, type EvaluateOptions } from '../../../src/model/evaluate.js';
import { compilePattern } from '../../../src/model/patterns.js';
import type { Component, Condition, FormatName, Overall, Phase, StateModel } from '../../../src/model/types.js';

function component(name: string, phase: Phase, condition: Condition = 'ok', extra: Partial<Component> = {}): Component {
  return { name, phase, condition, required: true, error: condition === 'ok' ? null : 'boom', attributes: {}, ...extra };
}

function model(components: Component[], format: FormatName = 'pomerium'): StateModel {
  return { format, components, overall: null };
}

function options(extra: Partial<Omit<EvaluateOptions, 'only' | 'exclude' | 'critical'>> & { only?: string[]; exclude?: string[]; critical?: string[] } = {}): EvaluateOptions {
  return {
    endpointKind: extra.endpointKind ?? null,
    degraded: extra.degraded ?? 'pass',
    httpStatus: extra.httpStatus === undefined ? 200 : extra.httpStatus,
    allReportedDecide: extra.allReportedDecide ?? false,
    only: (extra.only ?? []).map(compilePattern),
    exclude: (extra.exclude ?? []).map(compilePattern),
    critical: (extra.critical ?? []).map(compilePattern),
  };
}

describe('evaluate: the Pomerium oracle for one required check (docs/formats.md)', () => {
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

function overall(status: string, phase: Phase, condition: Condition, text: string | null = null): Overall {
  return { status, phase, condition, source: '/status', text, standIn: null };
}

function withOverall(components: Component[], o: Overall, format: FormatName = 'spring'): StateModel {
  return { format, components, overall: o };
}

describe("evaluate: the service's own verdict counts", () => {
  const allUp = [component('db', 'running'), component('cache', 'running')];

  it.each<[string, Component[]]>([
    ['every component passing', allUp],
    ['no component at all', []],
  ])('a failing overall status fails startup and readiness with %s; liveness on a combined endpoint still passes', (_label, components) => {
    const result = evaluate(withOverall(components, overall('DOWN', 'running', 'failed')), options());
    expect(result.probes).toEqual({ startup: 'fail', readiness: 'fail', liveness: 'pass' });
    expect(result.overall?.verdicts).toEqual({ startup: 'fail', readiness: 'fail', liveness: 'pass' });
    expect(result.reasons.readiness).toEqual([]);
  });

  it('neither --exclude nor --only takes it away', () => {
    const state = withOverall(allUp, overall('DOWN', 'running', 'failed'));
    expect(evaluate(state, options({ exclude: ['*'] })).probes.readiness).toBe('fail');
    expect(evaluate(state, options({ only: ['db'] })).probes.readiness).toBe('fail');
  });

  it('degraded: readiness warns (fails with --degraded fail), startup passes', () => {
    const degraded = withOverall(allUp, overall('degraded', 'running', 'degraded'), 'terminus');
    expect(evaluate(degraded, options()).probes).toEqual({ startup: 'pass', readiness: 'warn', liveness: 'pass' });
    expect(evaluate(degraded, options({ degraded: 'fail' })).probes).toEqual({ startup: 'pass', readiness: 'fail', liveness: 'pass' });
  });

  it('shutting down (OUT_OF_SERVICE, STOPPING, shutting_down): readiness fails, startup passes', () => {
    const state = withOverall(allUp, overall('STOPPING', 'terminating', 'ok'), 'microprofile');
    expect(evaluate(state, options()).probes).toEqual({ startup: 'pass', readiness: 'fail', liveness: 'pass' });
  });

  it('STARTING: startup and readiness fail', () => {
    const state = withOverall(allUp, overall('STARTING', 'starting', 'ok'), 'microprofile');
    expect(evaluate(state, options()).probes).toEqual({ startup: 'fail', readiness: 'fail', liveness: 'pass' });
  });

  it('a passing overall status passes nothing the components fail', () => {
    const state = withOverall([component('db', 'running', 'failed')], overall('UP', 'running', 'ok'));
    expect(evaluate(state, options()).probes).toEqual({ startup: 'pass', readiness: 'fail', liveness: 'pass' });
  });
});

describe('evaluate: dedicated endpoints decide their own probe kind', () => {
  const down = withOverall([component('deadlock', 'running', 'failed')], overall('DOWN', 'running', 'failed'), 'microprofile');

  it('a liveness endpoint answering DOWN (503) is not alive', () => {
    const result = evaluate(down, options({ httpStatus: 503, endpointKind: 'liveness' }));
    expect(result.probes).toEqual({ startup: 'fail', readiness: 'fail', liveness: 'fail' });
    expect(result.reasons.liveness.map((c) => c.name)).toEqual(['deadlock']);
    expect(result.livenessFromAnswer).toBe(true);
  });

  it('the same answer on a combined endpoint stays alive: liveness is process survival there', () => {
    expect(evaluate(down, options({ httpStatus: 503, endpointKind: null })).probes.liveness).toBe('pass');
    expect(evaluate(down, options({ httpStatus: 503 })).probes.liveness).toBe('pass');
    expect(evaluate(down, options({ httpStatus: 503, endpointKind: 'readiness' })).probes.liveness).toBe('pass');
  });

  it('on a liveness endpoint each part of the answer decides alone: the status, the overall verdict, a failed component', () => {
    const up = withOverall([component('a', 'running')], overall('UP', 'running', 'ok'), 'microprofile');
    const live = options({ endpointKind: 'liveness' });
    expect(evaluate(up, live).probes.liveness).toBe('pass');
    expect(evaluate(up, { ...live, httpStatus: 503 }).probes.liveness).toBe('fail');
    expect(evaluate(up, { ...live, httpStatus: 503 }).statusCapped.liveness).toBe(true);
    expect(evaluate(withOverall([component('a', 'running')], overall('DOWN', 'running', 'failed'), 'microprofile'), live).probes.liveness).toBe('fail');
    expect(evaluate(withOverall([component('a', 'running', 'failed')], overall('UP', 'running', 'ok'), 'microprofile'), live).probes.liveness).toBe('fail');
    expect(evaluate(withOverall([component('a', 'running', 'degraded')], overall('UP', 'running', 'ok'), 'microprofile'), live).probes.liveness).toBe('warn');
  });

  it('a startup endpoint: a failed component there means not started', () => {
    const state = withOverall([component('migrations', 'running', 'failed')], overall('UP', 'running', 'ok'), 'microprofile');
    expect(evaluate(state, options({ endpointKind: 'startup' })).probes.startup).toBe('fail');
    expect(evaluate(state, options()).probes.startup).toBe('pass');
  });
});

describe('evaluate: status-only answers decide every probe kind', () => {
  it('gRPC NOT_SERVING fails startup too', () => {
    const grpc = model([component('(server)', 'running', 'failed')], 'grpc');
    expect(evaluate(grpc, options({ httpStatus: null })).probes).toEqual({ startup: 'fail', readiness: 'fail', liveness: 'fail' });
  });

  it('json without a status member follows the HTTP status like http-status; with one, it has a body model', () => {
    const bare = model([component('json', 'running', 'failed')], 'json');
    expect(evaluate(bare, options({ httpStatus: 503 })).probes).toEqual({ startup: 'fail', readiness: 'fail', liveness: 'fail' });
    expect(evaluate(model([component('json', 'running')], 'json'), options({ httpStatus: 302 })).probes.readiness).toBe('pass');
    const said = withOverall([component('json', 'running', 'failed')], overall('false', 'running', 'failed'), 'json');
    expect(evaluate(said, options({ httpStatus: 503 })).probes).toEqual({ startup: 'fail', readiness: 'fail', liveness: 'pass' });
  });
});

