import { describe, expect, it } from 'vitest';
import { buildReport, targetEndpointKind } from '../../../src/check/build-report.js';
import type { CheckResult } from '../../../src/check/run-check.js';
import { resolveCheckOptions } from '../../../src/config/check-options.js';
import { parseTarget } from '../../../src/config/target.js';
import { endpointKind, siblingEndpoint } from '../../../src/model/endpoints.js';

describe('dedicated endpoints', () => {
  it.each([
    ['/livez', 'liveness'], ['/live', 'liveness'], ['/health/live', 'liveness'], ['/actuator/health/liveness', 'liveness'], ['/-/healthy', 'liveness'],
    ['/readyz', 'readiness'], ['/ready', 'readiness'], ['/health/ready', 'readiness'], ['/actuator/health/readiness', 'readiness'], ['/-/ready', 'readiness'],
    ['/startupz', 'startup'], ['/started', 'startup'], ['/health/started', 'startup'],
  ])('%s is dedicated to %s', (path, kind) => {
    expect(endpointKind(path)).toBe(kind);
    expect(endpointKind(`${path}/`)).toBe(kind);
  });

  it.each(['/', '', '/status', '/health', '/healthz', '/actuator/health', '/api/live', '/livez/etcd', '/LIVEZ', '/health/liveness', '/-/healthyish'])(
    '%j is a combined endpoint',
    (path) => {
      expect(endpointKind(path)).toBeNull();
    },
  );

  it('reads the path of an http(s) target, ignoring the query string; tcp:// and grpc:// have none', () => {
    expect(targetEndpointKind(parseTarget('http://127.0.0.1:2379/livez?verbose'))).toBe('liveness');
    expect(targetEndpointKind(parseTarget('https://h:8443/health/ready/?x=1'))).toBe('readiness');
    expect(targetEndpointKind(parseTarget('127.0.0.1:28080'))).toBeNull();
    expect(targetEndpointKind(parseTarget('tcp://127.0.0.1:1'))).toBeNull();
    expect(targetEndpointKind(parseTarget('grpc://127.0.0.1:1/ready'))).toBeNull();
  });

  it('names the endpoint of the same family for another probe kind', () => {
    expect(siblingEndpoint('/readyz', 'liveness')).toBe('/livez');
    expect(siblingEndpoint('/health/live/', 'readiness')).toBe('/health/ready');
    expect(siblingEndpoint('/-/healthy', 'readiness')).toBe('/-/ready');
    expect(siblingEndpoint('/actuator/health/liveness', 'startup')).toBeNull();
    expect(siblingEndpoint('/status', 'liveness')).toBeNull();
  });
});

describe('the target decides the endpoint kind of a report', () => {
  const down: CheckResult = {
    ok: true,
    model: { format: 'microprofile', components: [{ name: 'deadlock', phase: 'running', condition: 'failed', required: true, error: null, attributes: {} }], overall: { status: 'DOWN', phase: 'running', condition: 'failed', source: '/status', text: null, standIn: null } },
    httpStatus: 503,
    address: '127.0.0.1:8080',
    timings: null,
    redirects: [],
    contentType: 'application/json',
    body: '',
  };
  const liveness = (target: string) => buildReport(down, resolveCheckOptions(target, { runtime: 'plain', probe: 'liveness' }, {})).outcome;

  it('a /live answering DOWN fails liveness; the same answer on /health does not', () => {
    expect(liveness('http://127.0.0.1:8080/live')).toBe('fail');
    expect(liveness('http://127.0.0.1:8080/health/live/?x=1')).toBe('fail');
    expect(liveness('http://127.0.0.1:8080/health')).toBe('pass');
    expect(liveness('http://127.0.0.1:8080/health/ready')).toBe('pass');
  });
});
