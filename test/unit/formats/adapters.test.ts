import { describe, expect, it } from 'vitest';
import { detectAndParse } from '../../../src/formats/detect.js';
import type { FormatName, StateModel } from '../../../src/model/types.js';
import { respond, toRows } from './support.js';

function parse(body: unknown, format: FormatName | 'auto' = 'auto', status = 200): StateModel {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const outcome = detectAndParse(respond(text, { status, contentType: 'application/json' }), format);
  if (!outcome.ok) throw new Error(outcome.error);
  return outcome.model;
}

describe('pomerium', () => {
  it('accepts STARTING and the misspelt UNAIVALABLE from older releases', () => {
    const model = parse({ a: { status: 'STARTING' }, b: { status: 'UNAIVALABLE' }, c: { status: 'UNKNOWN', error: 'dial: refused' } });
    expect(model.format).toBe('pomerium');
    expect(toRows(model.components)).toEqual([
      ['a', 'starting', 'ok', true, null],
      ['b', 'unavailable', 'failed', true, 'required but never reported'],
      ['c', 'starting', 'failed', true, 'dial: refused'],
    ]);
  });

  it('shows the internal_error attribute instead of the generic "internal error"', () => {
    const model = parse({
      statuses: {
        'storage.backend': {
          status: 'RUNNING',
          error: 'internal error',
          attributes: [
            { Key: 'backend', Value: 'postgres' },
            { Key: 'internal_error', Value: 'pq: password authentication failed for user "pomerium"' },
          ],
        },
        'xds.cluster': { status: 'RUNNING', error: 'internal error' },
      },
      checks: ['storage.backend', 'xds.cluster'],
    });
    expect(toRows(model.components)).toEqual([
      ['storage.backend', 'running', 'failed', true, 'pq: password authentication failed for user "pomerium"'],
      ['xds.cluster', 'running', 'failed', true, 'internal error'],
    ]);
    expect(model.components[0]?.attributes).toEqual({
      backend: 'postgres',
      internal_error: 'pq: password authentication failed for user "pomerium"',
    });
  });

  it('maps TERMINATING with an error to terminating/failed', () => {
    const model = parse({ statuses: { a: { status: 'TERMINATING', error: 'flush failed' } }, checks: ['a'] });
    expect(toRows(model.components)).toEqual([['a', 'terminating', 'failed', true, 'flush failed']]);
  });

  it('recognises a probe body with a state added by a newer release', () => {
    const model = parse({ a: { status: 'RUNNING' }, b: { status: 'PAUSED' } });
    expect(model.format).toBe('pomerium');
    expect(toRows(model.components)).toEqual([
      ['a', 'running', 'ok', true, null],
      ['b', 'unavailable', 'failed', true, 'unrecognised status "PAUSED"'],
    ]);
  });

  it('keeps an unrecognised status as unavailable rather than guessing', () => {
    const model = parse({ statuses: { a: { status: 'SLEEPING' } }, checks: ['a'] }, 'pomerium');
    expect(toRows(model.components)).toEqual([['a', 'unavailable', 'failed', true, 'unrecognised status "SLEEPING"']]);
  });

  it('treats __proto__, constructor and toString as ordinary check names', () => {
    const body = '{"statuses":{"__proto__":{"status":"RUNNING"},"toString":{"status":"UNKNOWN"}},"checks":["__proto__","toString","constructor","hasOwnProperty"]}';
    const model = parse(body);
    expect(toRows(model.components)).toEqual([
      ['__proto__', 'running', 'ok', true, null],
      ['toString', 'starting', 'ok', true, null],
      ['constructor', 'unavailable', 'failed', true, 'required but never reported'],
      ['hasOwnProperty', 'unavailable', 'failed', true, 'required but never reported'],
    ]);
  });

  it('keeps __proto__ as an ordinary attribute key', () => {
    const model = parse({ a: { status: 'RUNNING', attributes: [{ Key: '__proto__', Value: 'x' }, { Key: 'n', Value: 3 }] } });
    const attributes = model.components[0]?.attributes ?? {};
    expect(Object.entries(attributes)).toEqual([['__proto__', 'x'], ['n', '3']]);
  });
});

describe('health-json', () => {
  it('names the single component after serviceId, then service', () => {
    expect(parse({ status: 'pass', serviceId: 'billing' }).components[0]?.name).toBe('billing');
    expect(parse({ status: 'fail', service: 'mail', output: 'smtp down' }).components[0]).toMatchObject({
      name: 'mail',
      condition: 'failed',
      error: 'smtp down',
    });
    expect(parse({ status: 'WARN' }).components[0]).toMatchObject({ name: 'health-json', condition: 'degraded' });
  });

  it('lets the worst entry win whatever its position', () => {
    const model = parse({
      status: 'warn',
      checks: { 'cpu:utilization': [{ status: 'pass' }, { status: 'warn', output: 'hot' }, { status: 'pass' }] },
    });
    expect(toRows(model.components)).toEqual([['cpu:utilization', 'running', 'degraded', true, 'hot']]);
    expect(model.components[0]?.attributes).toMatchObject({ '0.status': 'pass', '1.output': 'hot', '2.status': 'pass' });
  });

  it('treats __proto__ as an ordinary check name', () => {
    const model = parse('{"status":"fail","checks":{"__proto__":[{"status":"fail","output":"x"}],"constructor":[{"status":"pass"}]}}');
    expect(toRows(model.components)).toEqual([
      ['__proto__', 'running', 'failed', true, 'x'],
      ['constructor', 'running', 'ok', true, null],
    ]);
  });
});

describe('spring', () => {
  it('reads Boot 2.0–2.1 `details`: objects with a status are components, the rest is data', () => {
    const model = parse({
      status: 'DOWN',
      details: {
        db: { status: 'UP', details: { database: 'H2', hello: 1 } },
        mail: { status: 'DOWN', details: { location: 'smtp:25', error: 'javax.mail.MessagingException: Could not connect' } },
        version: '2.0.9',
      },
    });
    expect(toRows(model.components)).toEqual([
      ['db', 'running', 'ok', true, null],
      ['mail', 'running', 'failed', true, 'javax.mail.MessagingException: Could not connect'],
    ]);
    expect(model.components[0]?.attributes).toEqual({ database: 'H2', hello: '1' });
    expect(model.components[1]?.attributes).toEqual({ location: 'smtp:25' });
  });

  it('flattens Boot 2.0 nested details to dotted names', () => {
    const model = parse({
      status: 'UP',
      details: { db: { status: 'UP', details: { primary: { status: 'UP', details: { database: 'PostgreSQL' } } } } },
    });
    expect(toRows(model.components)).toEqual([['db.primary', 'running', 'ok', true, null]]);
  });

  it('makes custom statuses degraded on 2xx and failed otherwise', () => {
    const body = { status: 'DEGRADED', components: { cache: { status: 'DEGRADED' } } };
    expect(parse(body, 'auto', 200).components[0]?.condition).toBe('degraded');
    expect(parse(body, 'auto', 503).components[0]?.condition).toBe('failed');
  });

  it('maps UNKNOWN to unavailable/failed and OUT_OF_SERVICE to terminating/ok', () => {
    const model = parse({ status: 'UP', components: { a: { status: 'UNKNOWN' }, b: { status: 'OUT_OF_SERVICE' } } });
    expect(toRows(model.components)).toEqual([
      ['a', 'unavailable', 'failed', true, null],
      ['b', 'terminating', 'ok', true, null],
    ]);
  });

  it('gives a bare status one component named spring', () => {
    expect(toRows(parse({ status: 'UP' }).components)).toEqual([['spring', 'running', 'ok', true, null]]);
  });

  it('survives nesting deeper than the call stack, and refuses it at the depth limit', () => {
    const depth = 20_000;
    const body = '{"status":"UP","components":{"n":'.repeat(depth) + '{"status":"UP"}' + '}}'.repeat(depth);
    expect(() => parse(body, 'spring')).toThrow("spring components nested more than 32 levels deep (healthctl's limit)");
  });

  it('stringifies nested details and cuts them at 200 characters', () => {
    const model = parse({ status: 'UP', components: { a: { status: 'UP', details: { nested: { text: 'x'.repeat(500) }, list: [1, 2] } } } });
    const attributes = model.components[0]?.attributes ?? {};
    expect(attributes['nested']).toHaveLength(200);
    expect(attributes['nested']?.startsWith('{"text":"xxx')).toBe(true);
    expect(attributes['list']).toBe('[1,2]');
  });
});

describe('microprofile', () => {
  it('accepts MicroProfile Health 1.0 outcome/state', () => {
    const model = parse({ outcome: 'DOWN', checks: [{ name: 'db', state: 'UP' }, { name: 'queue', state: 'DOWN', data: { error: 'no broker' } }] });
    expect(model.format).toBe('microprofile');
    expect(model.overall).toMatchObject({ status: 'DOWN', source: '/outcome', condition: 'failed' });
    expect(toRows(model.components)).toEqual([
      ['db', 'running', 'ok', true, null],
      ['queue', 'running', 'failed', true, 'no broker'],
    ]);
  });

  it('gives a check list with no checks one component from the overall status', () => {
    expect(toRows(parse({ status: 'DOWN', checks: [] }).components)).toEqual([['microprofile', 'running', 'failed', true, null]]);
  });
});

describe('consul', () => {
  it('maps maintenance to terminating/ok and names repeated CheckIDs by node', () => {
    const model = parse([
      { AggregatedStatus: 'maintenance', Checks: [{ CheckID: '_node_maintenance', Node: 'a', Status: 'maintenance', Output: 'upgrading' }, { CheckID: 'serfHealth', Node: 'a', Status: 'passing' }] },
      { AggregatedStatus: 'critical', Checks: [{ CheckID: 'serfHealth', Node: 'b', Status: 'critical', Output: 'Agent not live' }] },
    ]);
    expect(model.overall).toMatchObject({ status: 'maintenance', source: '/0/AggregatedStatus', phase: 'terminating' });
    expect(toRows(model.components)).toEqual([
      ['_node_maintenance', 'terminating', 'ok', true, 'upgrading'],
      ['serfHealth', 'running', 'ok', true, null],
      ['serfHealth@b', 'running', 'failed', true, 'Agent not live'],
    ]);
  });
});

describe('terminus', () => {
  it('reads @godaddy/terminus info and error without details', () => {
    const model = parse({ status: 'error', info: { db: { status: 'up' } }, error: { cache: { status: 'down', message: 'ECONNREFUSED' } } });
    expect(toRows(model.components)).toEqual([
      ['db', 'running', 'ok', true, null],
      ['cache', 'running', 'failed', true, 'ECONNREFUSED'],
    ]);
  });

  it('marks every indicator terminating while shutting down', () => {
    const model = parse({ status: 'shutting_down', details: { db: { status: 'up' } } });
    expect(toRows(model.components)).toEqual([['db', 'terminating', 'ok', true, null]]);
    expect(toRows(parse({ status: 'shutting_down' }).components)).toEqual([['terminus', 'terminating', 'ok', true, null]]);
  });
});

describe('text formats', () => {
  it('gives a non-verbose Kubernetes ok one component', () => {
    const outcome = detectAndParse(respond('ok'), 'auto');
    expect(outcome.ok && toRows(outcome.model.components)).toEqual([['kubernetes', 'running', 'ok', true, null]]);
  });

  it('keeps excluded Kubernetes checks as passing, marked excluded', () => {
    const outcome = detectAndParse(respond('[+]ping ok\n[+]etcd excluded: ok\nlivez check passed\n'), 'auto');
    expect(outcome.ok && outcome.model.components[1]).toMatchObject({ name: 'etcd', condition: 'ok', attributes: { excluded: 'true' } });
  });

  it('maps every Envoy and Lightship state', () => {
    const phaseOf = (body: string) => {
      const outcome = detectAndParse(respond(`${body}\n`), 'auto');
      return outcome.ok ? [outcome.model.format, outcome.model.components[0]?.phase] : outcome.error;
    };
    expect(phaseOf('LIVE')).toEqual(['envoy', 'running']);
    expect(phaseOf('INITIALIZING')).toEqual(['envoy', 'starting']);
    expect(phaseOf('DRAINING')).toEqual(['envoy', 'terminating']);
    expect(phaseOf('SERVER_IS_READY')).toEqual(['lightship', 'running']);
    expect(phaseOf('SERVER_IS_NOT_SHUTTING_DOWN')).toEqual(['lightship', 'running']);
    expect(phaseOf('SERVER_IS_SHUTTING_DOWN')).toEqual(['lightship', 'terminating']);
  });
});

describe("the service's own overall verdict, read where each format keeps it", () => {
  it.each<[string, unknown, FormatName, string, string, string]>([
    ['health+json', { status: 'fail', checks: {} }, 'health-json', 'fail', '/status', 'failed'],
    ['Spring', { status: 'DOWN', components: { db: { status: 'UP' } } }, 'spring', 'DOWN', '/status', 'failed'],
    ['MicroProfile', { status: 'DOWN', checks: [{ name: 'db', status: 'UP' }] }, 'microprofile', 'DOWN', '/status', 'failed'],
    ['ASP.NET', { status: 'Unhealthy', totalDuration: '00:00:00.01', entries: { db: { status: 'Healthy' } } }, 'aspnet', 'Unhealthy', '/status', 'failed'],
    ['Terminus', { status: 'error', details: { db: { status: 'up' } } }, 'terminus', 'error', '/status', 'failed'],
    ['Consul', [{ AggregatedStatus: 'passing', Checks: [{ CheckID: 'a', Status: 'passing' }] }, { AggregatedStatus: 'critical', Checks: [{ CheckID: 'b', Status: 'passing' }] }], 'consul', 'critical', '/1/AggregatedStatus', 'failed'],
  ])('%s', (_label, body, format, status, source, condition) => {
    const model = parse(body);
    expect(model.format).toBe(format);
    expect(model.overall).toMatchObject({ status, source, condition });
    expect(model.components.every((c) => c.condition === 'ok')).toBe(true);
  });

  it('Kubernetes: the closing line, and the line it is on', () => {
    const outcome = detectAndParse(respond('[+]ping ok\n[+]etcd ok\nreadyz check failed\n'), 'auto');
    expect(outcome.ok && outcome.model.overall).toMatchObject({ status: 'readyz check failed', condition: 'failed', source: 'line 3' });
    const ok = detectAndParse(respond('ok'), 'auto');
    expect(ok.ok && ok.model.overall).toMatchObject({ status: 'ok', condition: 'ok', source: 'body', standIn: 'kubernetes' });
  });

  it('a document with no component list has one component that only stands in for its status', () => {
    expect(parse({ status: 'DOWN' }).overall?.standIn).toBe('spring');
    expect(parse({ status: 'fail', service: 'mail' }).overall).toMatchObject({ standIn: 'mail', text: null });
    expect(parse({ status: 'fail', output: 'smtp down' }).overall?.text).toBe('smtp down');
    expect(parse({ status: 'DOWN', components: { db: { status: 'DOWN' } } }).overall?.standIn).toBeNull();
    const plain = detectAndParse(respond('Degraded', { contentType: 'text/plain' }), 'auto');
    expect(plain.ok && plain.model.overall).toMatchObject({ status: 'Degraded', condition: 'degraded', source: 'body', standIn: 'aspnet' });
  });

  it('pomerium and http-status have none', () => {
    expect(parse({ a: { status: 'RUNNING' } }).overall).toBeNull();
    expect(parse('<html></html>', 'http-status').overall).toBeNull();
  });
});

describe('terminus: verbatim and degraded', () => {
  it('keeps the indicator names of the verbatim shape, whatever the state', () => {
    const ok = parse({ status: 'ok', db: { status: 'up' }, uptime: 12 });
    const down = parse({ status: 'error', db: { status: 'down', message: 'connect ECONNREFUSED' } }, 'auto', 503);
    const split = parse({ status: 'error', info: {}, error: { db: { status: 'down', message: 'connect ECONNREFUSED' } }, details: { db: { status: 'down', message: 'connect ECONNREFUSED' } } }, 'auto', 503);
    expect([ok.format, down.format, split.format]).toEqual(['terminus', 'terminus', 'terminus']);
    expect(toRows(ok.components)).toEqual([['db', 'running', 'ok', true, null]]);
    expect(toRows(down.components)).toEqual([['db', 'running', 'failed', true, 'connect ECONNREFUSED']]);
    expect(toRows(split.components)).toEqual(toRows(down.components));
  });

  it('reads degraded, overall and per indicator, as degraded rather than failed', () => {
    const model = parse({ status: 'degraded', info: {}, error: {}, details: { db: { status: 'up' }, search: { status: 'degraded', message: 'lag' } } });
    expect(model.overall).toMatchObject({ status: 'degraded', condition: 'degraded' });
    expect(toRows(model.components)).toEqual([
      ['db', 'running', 'ok', true, null],
      ['search', 'running', 'degraded', true, 'lag'],
    ]);
  });
});

describe('microprofile: STARTING, STOPPING and the undetermined 500', () => {
  it('STARTING is the phase starting and STOPPING terminating, overall and per check', () => {
    const model = parse({ status: 'STOPPING', checks: [{ name: 'a', status: 'STOPPING' }, { name: 'b', status: 'STARTING' }, { name: 'c', status: 'UP' }] }, 'auto', 503);
    expect(model.overall).toMatchObject({ status: 'STOPPING', phase: 'terminating', condition: 'ok' });
    expect(toRows(model.components)).toEqual([
      ['a', 'terminating', 'ok', true, null],
      ['b', 'starting', 'ok', true, null],
      ['c', 'running', 'ok', true, null],
    ]);
  });

  it('a 500 is refused whatever the body says', () => {
    const outcome = detectAndParse(respond(JSON.stringify({ status: 'UP', checks: [] }), { status: 500, contentType: 'application/json' }), 'auto');
    expect(outcome).toMatchObject({ ok: false, format: 'microprofile', error: 'MicroProfile Health answered HTTP 500: the health status is undetermined' });
  });
});
