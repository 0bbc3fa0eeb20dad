import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HealthReporter, serveHealth, type ComponentReport, type HealthServer } from '../../../src/sample/index.js';
import { getJson, request, tcpHandles, tcpHandlesSettleAt } from './http.js';

const FIXTURES = new URL('../../fixtures/formats/', import.meta.url);
const ENDPOINTS = ['/startupz', '/readyz', '/healthz'] as const;
type Expect = Record<(typeof ENDPOINTS)[number], 'pass' | 'fail'>;

// Pomerium's rule for one required check (the table in docs/sample.md), row by row.
const ORACLE: Array<{ state: string; report: ComponentReport | null; expect: Expect }> = [
  { state: 'never reported', report: null, expect: { '/startupz': 'fail', '/readyz': 'fail', '/healthz': 'fail' } },
  { state: 'UNKNOWN', report: { status: 'UNKNOWN' }, expect: { '/startupz': 'fail', '/readyz': 'fail', '/healthz': 'fail' } },
  {
    state: 'UNKNOWN + error',
    report: { status: 'UNKNOWN', error: 'dial: refused' },
    expect: { '/startupz': 'fail', '/readyz': 'fail', '/healthz': 'fail' },
  },
  { state: 'RUNNING', report: { status: 'RUNNING' }, expect: { '/startupz': 'pass', '/readyz': 'pass', '/healthz': 'pass' } },
  {
    state: 'RUNNING + error',
    report: { status: 'RUNNING', error: 'ping: timeout' },
    expect: { '/startupz': 'pass', '/readyz': 'fail', '/healthz': 'fail' },
  },
  {
    state: 'TERMINATING',
    report: { status: 'TERMINATING' },
    expect: { '/startupz': 'pass', '/readyz': 'fail', '/healthz': 'pass' },
  },
  {
    state: 'TERMINATING + error',
    report: { status: 'TERMINATING', error: 'flush: broken pipe' },
    expect: { '/startupz': 'pass', '/readyz': 'fail', '/healthz': 'fail' },
  },
];

let health: HealthReporter;
let server: HealthServer;

beforeAll(async () => {
  health = new HealthReporter();
  server = await serveHealth(health, { port: 0 });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  for (const { name } of health.snapshot().statuses) health.forget(name);
  health.unrequire(...health.snapshot().checks);
});

describe('probe endpoints follow Pomerium\'s rule', () => {
  for (const row of ORACLE) {
    for (const endpoint of ENDPOINTS) {
      it(`${row.state}: ${endpoint} ${row.expect[endpoint]}s`, async () => {
        health.require('auth');
        if (row.report !== null) health.report('auth', row.report);
        // a failing component that is not required never decides a probe
        health.failed('telemetry', 'no collector');

        const reply = await request(server.url + endpoint);
        expect(reply.status).toBe(row.expect[endpoint] === 'pass' ? 200 : 503);
        expect(reply.headers['content-type']).toBe('text/plain; charset=utf-8');
        const expected =
          row.report === null
            ? { status: 'UNAVAILABLE', error: "expected ':auth' to have been reported on, but was not" }
            : { status: row.report.status, ...(row.report.error === undefined ? {} : { error: row.report.error }) };
        expect(JSON.parse(reply.body)).toEqual({ auth: expected });
      });
    }
  }

  it('passes with nothing required, as Pomerium does', async () => {
    health.running('anything');
    for (const endpoint of ENDPOINTS) expect((await request(server.url + endpoint)).status).toBe(200);
  });

  it('fails when one of several required checks fails', async () => {
    health.require('a', 'b');
    health.running('a');
    health.running('b');
    expect((await request(`${server.url}/readyz`)).status).toBe(200);
    health.failed('b', 'down');
    expect((await request(`${server.url}/readyz`)).status).toBe(503);
  });

  it('answers the readyz fixture byte-for-byte in meaning', async () => {
    health.require('envoy.server', 'storage.backend', 'xds.route-configuration');
    health.running('storage.backend', { backend: 'postgres' });
    health.running('xds.route-configuration');
    health.failed('xds.route-configuration', 'route config rejected: duplicate virtual host');
    const reply = await getJson(`${server.url}/readyz`);
    expect(reply.status).toBe(503);
    expect(reply.json).toEqual(readFixture('pomerium-readyz-503.json'));
  });
});

describe('/status', () => {
  it('lists every report, required or not, with the required checks', async () => {
    health.require('storage.backend', 'xds.cluster');
    health.running('storage.backend', { backend: 'postgres', region: 'eu' });
    health.failed('storage.backend', 'ping postgres: timeout');
    health.starting('telemetry.exporter');
    const reply = await request(`${server.url}/status`);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(JSON.parse(reply.body)).toEqual({
      statuses: {
        'storage.backend': {
          status: 'RUNNING',
          error: 'ping postgres: timeout',
          attributes: [
            { Key: 'backend', Value: 'postgres' },
            { Key: 'region', Value: 'eu' },
          ],
        },
        'telemetry.exporter': { status: 'UNKNOWN' },
      },
      checks: ['storage.backend', 'xds.cluster'],
    });
  });

  it('answers 200 with empty maps when nothing is known', async () => {
    expect(await getJson(`${server.url}/status`)).toEqual({ status: 200, json: { statuses: {}, checks: [] } });
  });

  for (const file of ['pomerium-status-starting.json', 'pomerium-status-ready.json', 'pomerium-status-draining.json']) {
    it(`reproduces ${file}`, async () => {
      const fixture = readFixture(file);
      loadStatus(health, fixture);
      expect((await getJson(`${server.url}/status`)).json).toEqual(fixture);
    });
  }

  it('ignores the query string', async () => {
    expect((await request(`${server.url}/status?verbose=1`)).status).toBe(200);
    expect((await request(`${server.url}/readyz?verbose`)).status).toBe(200);
  });
});

describe('names that are Object.prototype keys', () => {
  it('are ordinary keys in /status and the probes', async () => {
    health.require('__proto__', 'constructor', 'hasOwnProperty');
    health.running('__proto__', { backend: 'x' });
    health.failed('constructor', 'broken');
    health.running('toString');

    const status = await request(`${server.url}/status`);
    const json: unknown = JSON.parse(status.body);
    expect(status.body).toContain('"__proto__":{"status":"RUNNING"');
    expect(json).toEqual({
      statuses: Object.fromEntries([
        ['__proto__', { status: 'RUNNING', attributes: [{ Key: 'backend', Value: 'x' }] }],
        ['constructor', { status: 'UNKNOWN', error: 'broken' }],
        ['toString', { status: 'RUNNING' }],
      ]),
      checks: ['__proto__', 'constructor', 'hasOwnProperty'],
    });

    const ready = await request(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    const probe: unknown = JSON.parse(ready.body);
    expect(probe).toEqual(
      Object.fromEntries([
        ['__proto__', { status: 'RUNNING', attributes: [{ Key: 'backend', Value: 'x' }] }],
        ['constructor', { status: 'UNKNOWN', error: 'broken' }],
        [
          'hasOwnProperty',
          { status: 'UNAVAILABLE', error: "expected ':hasOwnProperty' to have been reported on, but was not" },
        ],
      ]),
    );
  });
});

describe('HTTP details', () => {
  it('answers HEAD with the status and headers of GET and no body', async () => {
    health.require('a');
    health.running('a');
    for (const path of ['/status', '/readyz', '/startupz', '/healthz']) {
      const get = await request(server.url + path);
      const head = await request(server.url + path, { method: 'HEAD' });
      expect(head.status).toBe(get.status);
      expect(head.body).toBe('');
      expect(head.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(head.headers['content-length']).toBe(String(Buffer.byteLength(get.body)));
    }
    health.failed('a', 'x');
    expect((await request(`${server.url}/readyz`, { method: 'HEAD' })).status).toBe(503);
  });

  it('answers 404 to unknown paths, and to control paths when control is off', async () => {
    for (const path of ['/', '/nope', '/status/', '/readyz/x', '/control/components/a']) {
      const reply = await request(server.url + path);
      expect(reply.status, path).toBe(404);
      expect(reply.body).toBe('404 page not found\n');
    }
    const put = await request(`${server.url}/control/components/a`, { method: 'PUT', body: '{"status":"RUNNING"}' });
    expect(put.status).toBe(404);
    expect(health.get('a')).toBeUndefined();
  });

  it('answers 405 with Allow to other methods on the health endpoints', async () => {
    const reply = await request(`${server.url}/readyz`, { method: 'POST', body: '{}' });
    expect(reply.status).toBe(405);
    expect(reply.headers.allow).toBe('GET, HEAD');
  });

  it('reports its address', () => {
    expect(server.host).toBe('127.0.0.1');
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
  });
});

describe('serveHealth lifecycle', () => {
  it('brackets IPv6 hosts in its url', async (context) => {
    const own = await serveHealth(new HealthReporter(), { host: '::1', port: 0 }).catch(() => null);
    if (own === null) {
      context.skip();
      return;
    }
    expect(own.url).toBe(`http://[::1]:${own.port}`);
    expect((await request(`${own.url}/status`)).status).toBe(200);
    await own.close();
  });

  it('rejects with the listen error when the port is taken', async () => {
    await expect(serveHealth(new HealthReporter(), { port: server.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });

  it('close() stops listening, leaves no handles, and can be called twice', async () => {
    const baseline = await tcpHandlesSettleAt(1);
    const own = await serveHealth(new HealthReporter(), { port: 0 });
    await request(`${own.url}/status`);
    expect(tcpHandles()).toBeGreaterThan(baseline);
    await Promise.all([own.close(), own.close()]);
    await expect(request(`${own.url}/status`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(await tcpHandlesSettleAt(baseline)).toBe(baseline);
  });

  it('close() does not wait for idle keep-alive connections', async () => {
    const own = await serveHealth(new HealthReporter(), { port: 0 });
    const reply = await fetch(`${own.url}/status`);
    await reply.text();
    const started = performance.now();
    await own.close();
    expect(performance.now() - started).toBeLessThan(500);
  });
});

function readFixture(file: string): unknown {
  return JSON.parse(readFileSync(new URL(file, FIXTURES), 'utf8'));
}

/** Replays a Pomerium `/status` body into a reporter. */
function loadStatus(into: HealthReporter, body: unknown): void {
  if (!isRecord(body) || !isRecord(body.statuses) || !Array.isArray(body.checks)) throw new Error('not a /status body');
  for (const check of body.checks) if (typeof check === 'string') into.require(check);
  for (const [name, entry] of Object.entries(body.statuses)) {
    if (!isRecord(entry)) throw new Error(`bad entry ${name}`);
    const { status, error, attributes } = entry;
    if (status !== 'RUNNING' && status !== 'UNKNOWN' && status !== 'TERMINATING') throw new Error(`bad status ${name}`);
    const pairs = Array.isArray(attributes)
      ? attributes.map((attribute: unknown): [string, string] =>
          isRecord(attribute) && typeof attribute.Key === 'string' && typeof attribute.Value === 'string'
            ? [attribute.Key, attribute.Value]
            : ['', ''],
        )
      : [];
    into.report(name, { status, error: typeof error === 'string' ? error : null, attributes: Object.fromEntries(pairs) });
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
