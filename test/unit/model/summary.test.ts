import { describe, expect, it } from 'vitest';
import { evaluate, type EvaluateOptions } from '../../../src/model/evaluate.js';
import { compilePattern } from '../../../src/model/patterns.js';
import { summarize } from '../../../src/model/summary.js';
import type { Component, FormatName, Overall, ProbeKind } from '../../../src/model/types.js';

function component(name: string, rest: Partial<Component> = {}): Component {
  return { name, phase: 'running', condition: 'ok', required: true, error: null, attributes: {}, ...rest };
}

function overall(status: string, rest: Partial<Overall> = {}): Overall {
  return { status, phase: 'running', condition: 'failed', source: '/status', text: null, standIn: null, ...rest };
}

const OPTIONS: EvaluateOptions = { only: [], exclude: [], critical: [], degraded: 'pass', httpStatus: 200, allReportedDecide: false };

function line(components: Component[], o: Overall | null, probe: ProbeKind, extra: Partial<EvaluateOptions> = {}, format: FormatName = 'spring'): string {
  const options = { ...OPTIONS, ...extra };
  return summarize(evaluate({ format, components, overall: o }, options), probe, options.httpStatus);
}

describe("the first line names the service's own verdict", () => {
  it('when it alone holds the probe back', () => {
    expect(line([component('db'), component('cache')], overall('DOWN'), 'readiness', { httpStatus: 503 })).toBe('NOT READY: service reports DOWN');
    expect(line([], overall('fail', { text: 'disk full' }), 'startup', {}, 'health-json')).toBe('NOT STARTED: service reports fail: disk full');
  });

  it('first, then the components that fail', () => {
    const components = [component('db', { condition: 'failed', error: 'timeout' }), component('cache')];
    expect(line(components, overall('DOWN'), 'readiness', { httpStatus: 503 })).toBe('NOT READY: service reports DOWN; 1 of 2 components not ready: db failed: timeout');
  });

  it('says which member spoke when the word alone means nothing', () => {
    const etcd = overall('false', { source: '/health', text: 'RAFT NO LEADER', standIn: 'json' });
    expect(line([component('json', { condition: 'failed' })], etcd, 'readiness', { httpStatus: 503 }, 'json')).toBe('NOT READY: service reports health false: RAFT NO LEADER');
  });

  it('does not repeat it through the component that only stands in for it', () => {
    const drain = overall('DRAINING', { phase: 'terminating', condition: 'ok', source: 'body', standIn: 'envoy' });
    expect(line([component('envoy', { phase: 'terminating' })], drain, 'readiness', { httpStatus: 503 }, 'envoy')).toBe('NOT READY: service reports DRAINING');
  });

  it('degraded: a warning that names it', () => {
    const degraded = overall('degraded', { condition: 'degraded' });
    expect(line([component('db')], degraded, 'readiness', {}, 'terminus')).toBe('READY (degraded): service reports degraded');
    expect(line([component('db', { condition: 'degraded', error: 'slow' })], degraded, 'readiness', {}, 'terminus')).toBe(
      'READY (degraded): service reports degraded; 1 component degraded: db degraded: slow',
    );
  });

  it('a passing verdict is not mentioned, and liveness on a combined endpoint ignores a failing one', () => {
    expect(line([component('db')], overall('UP', { condition: 'ok' }), 'readiness')).toBe('READY: 1 of 1 component ready');
    expect(line([component('db')], overall('DOWN'), 'liveness', { httpStatus: 503 })).toBe('ALIVE: service answered with 1 component');
  });
});

describe('the first line when the answer alone decides liveness (a status only)', () => {
  it('calls nothing critical that --critical did not name', () => {
    expect(line([component('http://app:8080/healthz')], null, 'liveness', {}, 'http-status')).toBe('ALIVE: service answered with 1 component');
    expect(line([component('json')], null, 'liveness', {}, 'json')).toBe('ALIVE: service answered with 1 component');
    expect(line([component('db'), component('cache')], null, 'liveness', { critical: [compilePattern('db')] })).toBe('ALIVE: service answered with 2 components, 1 critical component ok');
  });
});

describe('the first line on a dedicated liveness endpoint', () => {
  const live = { endpointKind: 'liveness' as const };
  it('counts the components as readiness does', () => {
    expect(line([component('deadlock')], overall('UP', { condition: 'ok' }), 'liveness', live, 'microprofile')).toBe('ALIVE: 1 of 1 component alive');
    expect(line([component('deadlock', { condition: 'failed', error: 'threads blocked' })], overall('DOWN'), 'liveness', { ...live, httpStatus: 503 }, 'microprofile')).toBe(
      'NOT ALIVE: service reports DOWN; 1 of 1 component not alive: deadlock failed: threads blocked',
    );
    expect(line([component('deadlock')], null, 'liveness', { ...live, httpStatus: 503 }, 'microprofile')).toBe(
      'NOT ALIVE: service answered HTTP 503 although no component reports a failure',
    );
  });
});
