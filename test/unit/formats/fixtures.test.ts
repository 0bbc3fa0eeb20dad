import { describe, expect, it } from 'vitest';
import { detectAndParse } from '../../../src/formats/detect.js';
import type { FormatName } from '../../../src/model/types.js';
import { readFixture, respond, toRows, type Row } from './support.js';

interface Case {
  file: string;
  status: number;
  contentType: string;
  format: FormatName;
}

const CASES: Case[] = JSON.parse(readFixture('cases.json')).cases;

const JDBC = 'org.springframework.jdbc.CannotGetJdbcConnectionException: Failed to obtain JDBC Connection';

/** What each fixture must become; every case in cases.json needs a row here. */
const EXPECTED: Record<string, { claimed: string | null; rows: Row[] }> = {
  'pomerium-status-starting.json': {
    claimed: null,
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
    claimed: null,
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
    claimed: null,
    rows: [
      ['authenticate.service', 'terminating', 'ok', true, null],
      ['authorize.service', 'terminating', 'ok', true, null],
      ['envoy.server', 'terminating', 'ok', true, null],
      ['proxy.service', 'terminating', 'ok', true, null],
    ],
  },
  'pomerium-readyz-503.json': {
    claimed: null,
    rows: [
      ['envoy.server', 'unavailable', 'failed', true, "expected ':envoy.server' to have been reported on, but was not"],
      ['storage.backend', 'running', 'ok', true, null],
      ['xds.route-configuration', 'running', 'failed', true, 'route config rejected: duplicate virtual host'],
    ],
  },
  'health-json-warn.json': {
    claimed: 'warn',
    rows: [
      ['postgres:connections', 'running', 'ok', true, null],
      ['redis:responseTime', 'running', 'degraded', true, 'latency above 100ms'],
      ['uptime', 'running', 'ok', true, null],
    ],
  },
  'health-json-fail.json': {
    claimed: 'fail',
    rows: [
      ['rabbitmq:connections', 'running', 'failed', true, 'connect ECONNREFUSED 10.1.2.3:5672'],
      ['disk:utilization', 'running', 'ok', true, null],
    ],
  },
  'spring-down.json': {
    claimed: 'DOWN',
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
    claimed: 'OUT_OF_SERVICE',
    rows: [['readinessState', 'terminating', 'ok', true, null]],
  },
  'microprofile-ready-down.json': {
    claimed: 'DOWN',
    rows: [
      ['database-connection', 'running', 'ok', true, null],
      ['inventory-cache', 'running', 'failed', true, 'warming: 41% loaded'],
    ],
  },
  'kubernetes-readyz-verbose.txt': {
    claimed: 'readyz check failed',
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
    claimed: 'Degraded',
    rows: [
      ['sqlserver', 'running', 'ok', true, null],
      ['redis', 'running', 'degraded', true, 'Timeout performing PING (5000ms)'],
      ['self', 'running', 'ok', true, null],
    ],
  },
  'aspnet-plain-unhealthy.txt': {
    claimed: 'Unhealthy',
    rows: [['aspnet', 'running', 'failed', true, null]],
  },
  'consul-warning.json': {
    claimed: 'warning',
    rows: [
      ['service:web-1', 'running', 'ok', true, null],
      ['web-1-disk', 'running', 'degraded', true, 'disk 91% full'],
    ],
  },
  'envoy-draining.txt': { claimed: 'DRAINING', rows: [['envoy', 'terminating', 'ok', true, null]] },
  'envoy-live.txt': { claimed: 'LIVE', rows: [['envoy', 'running', 'ok', true, null]] },
  'terminus-nest-error.json': {
    claimed: 'error',
    rows: [
      ['database', 'running', 'ok', true, null],
      ['redis', 'running', 'failed', true, 'Could not connect to redis:6379'],
    ],
  },
  'lightship-not-ready.txt': { claimed: 'SERVER_IS_NOT_READY', rows: [['lightship', 'starting', 'ok', true, null]] },
};

function serve(c: Case) {
  return respond(readFixture(c.file), { status: c.status, contentType: c.contentType });
}

describe('the format fixtures under --format auto', () => {
  it('has an expectation for every case and no stale ones', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(CASES.map((c) => c.file).sort());
  });

  it.each(CASES)('$file is $format', (c) => {
    const outcome = detectAndParse(serve(c), 'auto');
    if (!outcome.ok) throw new Error(outcome.error);
    const expected = EXPECTED[c.file];
    expect(outcome.model.format).toBe(c.format);
    expect(toRows(outcome.model.components)).toEqual(expected?.rows);
    expect(outcome.model.claimed).toBe(expected?.claimed);
  });

  it.each(CASES)('$file parses the same when its format is named', (c) => {
    const auto = detectAndParse(serve(c), 'auto');
    const named = detectAndParse(serve(c), c.format);
    expect(named.ok && named.detectedBy).toBe('flag');
    expect(named.ok && named.model).toEqual(auto.ok && auto.model);
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
