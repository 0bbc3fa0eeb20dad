import { describe, expect, it } from 'vitest';
import { detectAndParse } from '../../../src/formats/detect.js';
import { endpointKind } from '../../../src/model/endpoints.js';
import { evaluate } from '../../../src/model/evaluate.js';
import type { FormatName, ProbeKind } from '../../../src/model/types.js';
import { readFixture, respond, toRows, type Row } from './support.js';

interface Case {
  file: string;
  path?: string;
  status: number;
  contentType: string;
  format: FormatName;
  expect: Record<ProbeKind, 'pass' | 'warn' | 'fail' | 'bad-response'>;
}

const CASES: Case[] = JSON.parse(readFixture('cases.json')).cases;
const MODELS = CASES.filter((c) => !Object.values(c.expect).includes('bad-response'));

const JDBC = 'org.springframework.jdbc.CannotGetJdbcConnectionException: Failed to obtain JDBC Connection';

/** What each fixture must become; every case in cases.json needs a row here. */
const EXPECTED: Record<string, { overall: string | null; rows: Row[] }> = {
  'pomerium-status-starting.json': {
    overall: null,
    rows: [
      ['authenticate.service', 'running', 'ok', true, null],
      ['authorize.service', 'starting', 'ok', true, null],
      ['envoy.server', 'running', 'ok', true, null],
      ['storage.backend', 'running', 'failed', true, 'ping postgres: context deadline exceeded'],
      ['xds.other', 'running', 'failed', false, 'NACK from envoy'],
      ['xds.cluster', 'unavailable', 'failed', true, 'required but never reported'],
    ],
  },
  'pomerium-status-ready.json': {
    overall: null,
    rows: [
      ['authenticate.service', 'running', 'ok', true, null],
      ['authorize.service', 'running', 'ok', true, null],
      ['config.databroker.build', 'running', 'ok', true, null],
      ['databroker.sync.initial', 'running', 'ok', true, null],
      ['envoy.server', 'running', 'ok', true, null],
      ['proxy.service', 'running', 'ok', true, null],
      ['storage.backend', 'running', 'ok', true, null],
      ['xds.cluster', 'running', 'ok', true, null],
      ['xds.listener', 'running', 'ok', true, null],
      ['xds.route-configuration', 'running', 'ok', true, null],
      ['zero.connect', 'starting', 'failed', false, 'not configured'],
    ],
  },
  'pomerium-status-draining.json': {
    overall: null,
    rows: [
      ['authenticate.service', 'terminating', 'ok', true, null],
      ['authorize.service', 'terminating', 'ok', true, null],
      ['envoy.server', 'terminating', 'ok', true, null],
      ['proxy.service', 'terminating', 'ok', true, null],
    ],
  },
  'pomerium-readyz-503.json': {
    overall: null,
    rows: [
      ['envoy.server', 'unavailable', 'failed', true, "expected ':envoy.server' to have been reported on, but was not"],
      ['storage.backend', 'running', 'ok', true, null],
      ['xds.route-configuration', 'running', 'failed', true, 'route config rejected: duplicate virtual host'],
    ],
  },
  'health-json-warn.json': {
    overall: 'warn',
    rows: [
      ['postgres:connections', 'running', 'ok', true, null],
      ['redis:responseTime', 'running', 'degraded', true, 'latency above 100ms'],
      ['uptime', 'running', 'ok', true, null],
    ],
  },
  'health-json-fail.json': {
    overall: 'fail',
    rows: [
      ['rabbitmq:connections', 'running', 'failed', true, 'connect ECONNREFUSED 10.1.2.3:5672'],
      ['disk:utilization', 'running', 'ok', true, null],
    ],
  },
  'spring-down.json': {
    overall: 'DOWN',
    rows: [
      ['db.primary', 'running', 'ok', true, null],
      ['db.replica', 'running', 'failed', true, JDBC],
      ['diskSpace', 'running', 'ok', true, null],
      ['livenessState', 'running', 'ok', true, null],
      ['readinessState', 'running', 'ok', true, null],
      ['ping', 'running', 'ok', true, null],
    ],
  },
  'spring-readiness-out-of-service.json': {
    overall: 'OUT_OF_SERVICE',
    rows: [['readinessState', 'terminating', 'ok', true, null]],
  },
  'microprofile-ready-down.json': {
    overall: 'DOWN',
    rows: [
      ['database-connection', 'running', 'ok', true, null],
      ['inventory-cache', 'running', 'failed', true, 'warming: 41% loaded'],
    ],
  },
  'kubernetes-readyz-verbose.txt': {
    overall: 'readyz check failed',
    rows: [
      ['ping', 'running', 'ok', true, null],
      ['log', 'running', 'ok', true, null],
      ['etcd', 'running', 'failed', true, 'reason withheld'],
      ['informer-sync', 'running', 'ok', true, null],
      ['poststarthook/start-apiextensions-informers', 'running', 'ok', true, null],
      ['shutdown', 'running', 'failed', true, 'reason withheld'],
    ],
  },
  'aspnet-ui-degraded.json': {
    overall: 'Degraded',
    rows: [
      ['sqlserver', 'running', 'ok', true, null],
      ['redis', 'running', 'degraded', true, 'Timeout performing PING (5000ms)'],
      ['self', 'running', 'ok', true, null],
    ],
  },
  'aspnet-plain-unhealthy.txt': {
    overall: 'Unhealthy',
    rows: [['aspnet', 'running', 'failed', true, null]],
  },
  'consul-warning.json': {
    overall: 'warning',
    rows: [
      ['service:web-1', 'running', 'ok', true, null],
      ['web-1-disk', 'running', 'degraded', true, 'disk 91% full'],
    ],
  },
  'envoy-draining.txt': { overall: 'DRAINING', rows: [['envoy', 'terminating', 'ok', true, null]] },
  'envoy-live.txt': { overall: 'LIVE', rows: [['envoy', 'running', 'ok', true, null]] },
  'terminus-nest-error.json': {
    overall: 'error',
    rows: [
      ['database', 'running', 'ok', true, null],
      ['redis', 'running', 'failed', true, 'Could not connect to redis:6379'],
    ],
  },
  'lightship-not-ready.txt': { overall: 'SERVER_IS_NOT_READY', rows: [['lightship', 'starting', 'ok', true, null]] },
  'health-json-fail-no-checks.json': { overall: 'fail', rows: [] },
  'spring-down-components-up.json': {
    overall: 'DOWN',
    rows: [
      ['db', 'running', 'ok', true, null],
      ['diskSpace', 'running', 'ok', true, null],
      ['ping', 'running', 'ok', true, null],
    ],
  },
  'etcd-health-true.json': { overall: 'true', rows: [['json', 'running', 'ok', true, null]] },
  'json-status-failed.json': { overall: 'FAILED', rows: [['json', 'running', 'failed', true, 'database unreachable']] },
  'consul-checks-critical.json': {
    overall: null,
    rows: [
      ['serfHealth', 'running', 'ok', true, null],
      ['service:web-1', 'running', 'failed', true, 'HTTP GET http://10.0.4.12:8080/healthz: 503 Service Unavailable Output: database unreachable'],
    ],
  },
  'etcd-health-false.json': { overall: 'false', rows: [['json', 'running', 'failed', true, 'HTTP 503 Service Unavailable: RAFT NO LEADER']] },
  'nats-jetstream-unavailable.json': {
    overall: 'unavailable',
    rows: [['json', 'running', 'failed', true, 'HTTP 503 Service Unavailable: JetStream has not established contact with a meta leader']],
  },
  'fastify-under-pressure.json': { overall: null, rows: [['json', 'running', 'failed', true, 'HTTP 503 Service Unavailable']] },
  'terminus-nest-degraded.json': {
    overall: 'degraded',
    rows: [
      ['database', 'running', 'ok', true, null],
      ['search', 'running', 'degraded', true, 'replica lag 12s'],
    ],
  },
  'terminus-verbatim-ok.json': {
    overall: 'ok',
    rows: [
      ['db', 'running', 'ok', true, null],
      ['cache', 'running', 'ok', true, null],
    ],
  },
  'terminus-verbatim-error.json': {
    overall: 'error',
    rows: [
      ['db', 'running', 'failed', true, 'connect ECONNREFUSED 127.0.0.1:5432'],
      ['cache', 'running', 'ok', true, null],
    ],
  },
  'microprofile-starting-503.json': {
    overall: 'STARTING',
    rows: [
      ['database', 'running', 'ok', true, null],
      ['schema-migrations', 'starting', 'ok', true, null],
    ],
  },
  'microprofile-live-down.json': { overall: 'DOWN', rows: [['deadlock-detector', 'running', 'failed', true, '3 threads blocked for 120s']] },
};

/** Fixtures no format may read: the adapter that recognised them refuses them, naming why. */
const REFUSED: Record<string, RegExp> = {
  'microprofile-undetermined-500.json': /^MicroProfile Health answered HTTP 500: the health status is undetermined$/,
};

const STATUS_TEXT: Record<number, string> = { 200: 'OK', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable' };

function serve(c: Case) {
  return respond(readFixture(c.file), { status: c.status, statusText: STATUS_TEXT[c.status] ?? '', contentType: c.contentType });
}

describe('the format fixtures under --format auto', () => {
  it('has an expectation for every case and no stale ones', () => {
    expect([...Object.keys(EXPECTED), ...Object.keys(REFUSED)].sort()).toEqual(CASES.map((c) => c.file).sort());
  });

  it.each(MODELS)('$file is $format', (c) => {
    const outcome = detectAndParse(serve(c), 'auto');
    if (!outcome.ok) throw new Error(outcome.error);
    const expected = EXPECTED[c.file];
    expect(outcome.model.format).toBe(c.format);
    expect(toRows(outcome.model.components)).toEqual(expected?.rows);
    expect(outcome.model.overall?.status ?? null).toBe(expected?.overall);
  });

  it.each(MODELS)('$file parses the same when its format is named', (c) => {
    const auto = detectAndParse(serve(c), 'auto');
    const named = detectAndParse(serve(c), c.format);
    expect(named.ok && named.detectedBy).toBe('flag');
    expect(named.ok && named.model).toEqual(auto.ok && auto.model);
  });

  it.each(Object.entries(REFUSED))('%s is refused by the format that recognised it, named or not', (file, error) => {
    const c = CASES.find((k) => k.file === file);
    if (c === undefined) throw new Error(`no case for ${file}`);
    for (const requested of ['auto', c.format] as const) {
      const outcome = detectAndParse(serve(c), requested);
      expect(outcome).toMatchObject({ ok: false, format: c.format });
      expect(!outcome.ok && outcome.error).toMatch(error);
    }
  });

  it.each(CASES)('$file served at $path gives its expected verdicts', (c) => {
    const outcome = detectAndParse(serve(c), 'auto');
    if (!outcome.ok) {
      expect(c.expect).toEqual({ startup: 'bad-response', readiness: 'bad-response', liveness: 'bad-response' });
      return;
    }
    const evaluation = evaluate(outcome.model, {
      only: [],
      exclude: [],
      critical: [],
      degraded: 'pass',
      httpStatus: c.status,
      allReportedDecide: false,
      endpointKind: endpointKind(new URL(c.path ?? '/health', 'http://app').pathname),
    });
    expect(evaluation.probes).toEqual(c.expect);
  });

  it('reads content type before shape when the header names the format', () => {
    const byFile = (file: string) => CASES.find((c) => c.file === file);
    const spring = byFile('spring-down.json');
    const health = byFile('health-json-warn.json');
    const pom = byFile('pomerium-status-ready.json');
    if (spring === undefined || health === undefined || pom === undefined) throw new Error('fixture missing');
    expect(detectAndParse(serve(spring), 'auto')).toMatchObject({ detectedBy: 'content-type' });
    expect(detectAndParse(serve(health), 'auto')).toMatchObject({ detectedBy: 'content-type' });
    expect(detectAndParse(serve(pom), 'auto')).toMatchObject({ detectedBy: 'shape' });
  });

  it('keeps detail as string attributes', () => {
    const attributesOf = (file: string, contentType: string, name: string) => {
      const outcome = detectAndParse(respond(readFixture(file), { contentType }), 'auto');
      return outcome.ok ? outcome.model.components.find((c) => c.name === name)?.attributes : undefined;
    };
    expect(attributesOf('health-json-fail.json', 'application/health+json', 'rabbitmq:connections')).toEqual({
      'mq-0.componentId': 'mq-0',
      'mq-0.status': 'fail',
      'mq-0.output': 'connect ECONNREFUSED 10.1.2.3:5672',
      'mq-1.componentId': 'mq-1',
      'mq-1.status': 'pass',
    });
    expect(attributesOf('health-json-warn.json', 'application/health+json', 'uptime')).toMatchObject({ observedValue: '5120.2', observedUnit: 's' });
    expect(attributesOf('spring-down.json', 'application/json', 'diskSpace')).toEqual({
      total: '499963174912',
      free: '91943821312',
      threshold: '10485760',
      exists: 'true',
    });
    expect(attributesOf('pomerium-status-starting.json', 'text/plain', 'storage.backend')).toEqual({ backend: 'postgres' });
    expect(attributesOf('aspnet-ui-degraded.json', 'application/json', 'redis')).toMatchObject({ endpoint: 'redis:6379', tags: 'cache' });
    expect(attributesOf('consul-warning.json', 'application/json', 'web-1-disk')).toMatchObject({ Name: 'disk', Node: 'node-a' });
  });
});
