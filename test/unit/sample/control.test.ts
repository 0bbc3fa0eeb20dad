import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthReporter, serveHealth, type HealthServer } from '../../../src/sample/index.js';
import { parseControlBody } from '../../../src/sample/control.js';
import { getJson, request } from './http.js';

let health: HealthReporter;
let server: HealthServer;
const put = (name: string, body: string) => request(`${server.url}/control/components/${name}`, { method: 'PUT', body });

beforeAll(async () => {
  health = new HealthReporter({ required: ['auth'] });
  server = await serveHealth(health, { port: 0, control: true });
});

afterAll(async () => {
  await server.close();
});

describe('PUT /control/components/NAME', () => {
  it('reports the state and answers it back as JSON', async () => {
    const reply = await put('auth', '{"status":"RUNNING","error":"token expired","attributes":{"idp":"oidc"}}');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(reply.body)).toEqual({
      name: 'auth',
      status: 'RUNNING',
      error: 'token expired',
      attributes: [{ Key: 'idp', Value: 'oidc' }],
    });
    expect(health.get('auth')).toMatchObject({ status: 'RUNNING', error: 'token expired', attributes: { idp: 'oidc' } });
  });

  it('drives the probes from outside', async () => {
    await put('auth', '{"status":"RUNNING","error":null}');
    expect((await request(`${server.url}/readyz`)).status).toBe(200);
    await put('auth', '{"status":"TERMINATING"}');
    expect((await request(`${server.url}/readyz`)).status).toBe(503);
    expect((await request(`${server.url}/healthz`)).status).toBe(200);
    await put('auth', '{"status":"TERMINATING","error":"flush failed"}');
    expect((await request(`${server.url}/healthz`)).status).toBe(503);
  });

  it('keeps attributes when the body omits them', async () => {
    await put('db', '{"status":"RUNNING","attributes":{"backend":"postgres"}}');
    await put('db', '{"status":"RUNNING","error":"timeout"}');
    expect(health.get('db')?.attributes).toEqual({ backend: 'postgres' });
  });

  it('percent-decodes the name, including slashes and prototype keys', async () => {
    await put('xds%2Fcluster%20one', '{"status":"RUNNING"}');
    expect(health.get('xds/cluster one')?.status).toBe('RUNNING');
    await put('__proto__', '{"status":"UNKNOWN","attributes":{"__proto__":"p"}}');
    await put('constructor', '{"status":"RUNNING"}');
    const { json } = await getJson(`${server.url}/status`);
    expect(json).toMatchObject({
      statuses: Object.fromEntries([
        ['__proto__', { status: 'UNKNOWN', attributes: [{ Key: '__proto__', Value: 'p' }] }],
        ['constructor', { status: 'RUNNING' }],
      ]),
    });
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });

  it.each([
    ['not JSON', '{status: RUNNING}', /^body is not valid JSON/],
    ['empty body', '', /^body is not valid JSON/],
    ['an array', '["RUNNING"]', /^body must be a JSON object/],
    ['null', 'null', /^body must be a JSON object/],
    ['missing status', '{}', /"status" must be one of UNKNOWN, RUNNING, TERMINATING; it is missing/],
    ['lower-case status', '{"status":"running"}', /got "running"/],
    ['legacy STARTING', '{"status":"STARTING"}', /got "STARTING"/],
    ['numeric error', '{"status":"RUNNING","error":5}', /"error" must be a string or null/],
    ['attributes array', '{"status":"RUNNING","attributes":[]}', /"attributes" must be an object of string values/],
    ['numeric attribute', '{"status":"RUNNING","attributes":{"a":1}}', /"attributes" must be an object of string values/],
    ['unknown field', '{"status":"RUNNING","eror":"x"}', /unknown field "eror"; allowed: status, error, attributes/],
    ['__proto__ field', '{"status":"RUNNING","__proto__":{}}', /unknown field "__proto__"/],
  ])('answers 400 to %s and changes nothing', async (_, body, message) => {
    const reply = await put('validated', body);
    expect(reply.status).toBe(400);
    expect(reply.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(reply.body).toMatch(message);
    expect(health.get('validated')).toBeUndefined();
  });

  it('answers 400 to a missing or malformed name', async () => {
    expect((await put('', '{"status":"RUNNING"}')).status).toBe(400);
    const reply = await put('%E0%A4%A', '{"status":"RUNNING"}');
    expect(reply.status).toBe(400);
    expect(reply.body).toMatch(/malformed component name/);
  });

  it('answers 413 to a body over 64 KiB', async () => {
    const reply = await put('big', JSON.stringify({ status: 'RUNNING', error: 'x'.repeat(70_000) }));
    expect(reply.status).toBe(413);
    expect(health.get('big')).toBeUndefined();
  });

  it('answers 405 with Allow to other methods', async () => {
    const reply = await request(`${server.url}/control/components/auth`);
    expect(reply.status).toBe(405);
    expect(reply.headers.allow).toBe('PUT, DELETE');
  });
});

describe('a listener that throws', () => {
  it('turns into a 500 with its message; the state still changed', async () => {
    const unsubscribe = health.subscribe(() => {
      throw new Error('listener broke');
    });
    try {
      const reply = await put('noisy', '{"status":"RUNNING"}');
      expect(reply.status).toBe(500);
      expect(reply.body).toBe('listener broke\n');
      expect(health.get('noisy')?.status).toBe('RUNNING');
    } finally {
      unsubscribe();
    }
  });
});

describe('DELETE /control/components/NAME', () => {
  it('forgets the component, so a required one becomes unavailable', async () => {
    await put('auth', '{"status":"RUNNING"}');
    const reply = await request(`${server.url}/control/components/auth`, { method: 'DELETE' });
    expect(reply.status).toBe(204);
    expect(health.get('auth')).toBeUndefined();
    const ready = await getJson(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(ready.json).toMatchObject({ auth: { status: 'UNAVAILABLE' } });
  });

  it('answers 404 for a component never reported', async () => {
    const reply = await request(`${server.url}/control/components/ghost`, { method: 'DELETE' });
    expect(reply.status).toBe(404);
    expect(reply.body).toBe('component "ghost" has not been reported\n');
  });
});

describe('parseControlBody', () => {
  it('maps an absent or null error to none', () => {
    expect(parseControlBody('{"status":"UNKNOWN"}')).toEqual({ ok: true, report: { status: 'UNKNOWN', error: null } });
    expect(parseControlBody('{"status":"UNKNOWN","error":null}')).toEqual({
      ok: true,
      report: { status: 'UNKNOWN', error: null },
    });
  });
});
