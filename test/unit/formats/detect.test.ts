import { describe, expect, it } from 'vitest';
import { ADAPTERS, detectAndParse } from '../../../src/formats/detect.js';
import { FORMAT_NAMES } from '../../../src/model/types.js';
import { readFixture, respond, toRows } from './support.js';

describe('detectAndParse with an explicit --format', () => {
  it('says which format the body is not', () => {
    const outcome = detectAndParse(respond('{"components": {}}'), 'spring');
    expect(outcome).toEqual({ ok: false, error: 'body is not spring JSON: missing "status"', format: 'spring' });
  });

  it('refuses a text body for a JSON format', () => {
    expect(detectAndParse(respond('LIVE\n'), 'health-json')).toEqual({
      ok: false,
      error: 'body is not health+json: not a JSON object',
      format: 'health-json',
    });
  });

  it('refuses a JSON body for a text format', () => {
    const outcome = detectAndParse(respond(readFixture('spring-down.json'), { contentType: 'application/json' }), 'envoy');
    expect(outcome).toMatchObject({ ok: false, format: 'envoy' });
    expect(!outcome.ok && outcome.error).toMatch(/^body is not an Envoy server state/);
  });

  it('names the JSON syntax error when a JSON format gets broken JSON', () => {
    const outcome = detectAndParse(respond('{"status": "UP",', { contentType: 'text/plain' }), 'spring');
    expect(outcome).toMatchObject({ ok: false, format: 'spring' });
    expect(!outcome.ok && outcome.error).toMatch(/^body is not valid JSON: /);
  });

  it('parses with the named adapter even where auto would choose another', () => {
    const outcome = detectAndParse(respond('{"status":"UP"}'), 'health-json');
    expect(outcome.ok && outcome.model.format).toBe('health-json');
    expect(outcome.ok && toRows(outcome.model.components)).toEqual([['health-json', 'running', 'ok', true, null]]);
  });

  it('takes http-status for any body', () => {
    const outcome = detectAndParse(respond('{"status":"DOWN"}', { status: 503, statusText: 'Service Unavailable' }), 'http-status');
    expect(outcome.ok && outcome.detectedBy).toBe('flag');
    expect(outcome.ok && toRows(outcome.model.components)).toEqual([
      ['http://app:8080/health', 'running', 'failed', true, 'HTTP 503 Service Unavailable'],
    ]);
  });

  it('sends grpc elsewhere', () => {
    expect(detectAndParse(respond(''), 'grpc')).toMatchObject({ ok: false, format: 'grpc' });
  });

  it('has an adapter for every body format, named as its key', () => {
    expect(Object.keys(ADAPTERS).sort()).toEqual(FORMAT_NAMES.filter((f) => f !== 'grpc').sort());
    for (const [name, adapter] of Object.entries(ADAPTERS)) expect(adapter.name).toBe(name);
  });
});

describe('detectAndParse --format auto', () => {
  it('calls JSON that does not parse a bad response when the content type says JSON', () => {
    const outcome = detectAndParse(respond('Healthy', { contentType: 'application/json; charset=utf-8' }), 'auto');
    expect(outcome).toMatchObject({ ok: false, format: null });
    expect(!outcome.ok && outcome.error).toMatch(/^body is not valid JSON: /);
  });

  it('calls a body that starts like JSON but does not parse a bad response', () => {
    const outcome = detectAndParse(respond('{"status": "UP"', { contentType: 'text/plain' }), 'auto');
    expect(outcome).toMatchObject({ ok: false, format: null });
  });

  it('still reads Kubernetes [+] lines although they start with a bracket', () => {
    const outcome = detectAndParse(respond('[+]ping ok\nlivez check passed\n'), 'auto');
    expect(outcome.ok && outcome.model.format).toBe('kubernetes');
  });

  it.each([
    ['an HTML page', '<!doctype html><html><body><h1>502 Bad Gateway</h1></body></html>', 'text/html', 502, 'Bad Gateway'],
    ['an empty body', '', null, 204, 'No Content'],
    ['an empty body that claims JSON', '  \n', 'application/json', 200, 'OK'],
    ['unrecognised text', 'all good here', 'text/plain', 200, 'OK'],
  ])('falls back to http-status for %s', (_label, body, contentType, status, statusText) => {
    const outcome = detectAndParse(respond(body, { contentType, status, statusText }), 'auto');
    expect(outcome.ok && outcome.detectedBy).toBe('fallback');
    expect(outcome.ok && outcome.model.format).toBe('http-status');
    const passing = status < 400;
    expect(outcome.ok && toRows(outcome.model.components)).toEqual([
      ['http://app:8080/health', 'running', passing ? 'ok' : 'failed', true, passing ? null : `HTTP ${status} ${statusText}`],
    ]);
  });

  it.each<[string, string, number, string | null, string, string | null]>([
    ['etcd healthy', '{"health":"true","reason":""}', 200, 'true', 'ok', null],
    ['etcd without a leader', '{"health":"false","reason":"RAFT NO LEADER"}', 503, 'false', 'failed', 'RAFT NO LEADER'],
    ['a boolean healthy', '{"healthy":false,"message":"disk full"}', 200, 'false', 'failed', 'disk full'],
    ['nats without a JetStream leader', '{"status":"unavailable","error":"JetStream has not established contact with a meta leader"}', 503, 'unavailable', 'failed', 'JetStream has not established contact with a meta leader'],
    ['a state word in any case', '{"state":"Degraded"}', 200, 'Degraded', 'degraded', null],
    ['an ok flag', '{"ok":true}', 200, 'true', 'ok', null],
    ['a boolean status', '{"status":false,"message":"disk full"}', 200, 'false', 'failed', 'disk full'],
    ['a failing word beyond the common ones', '{"status":"FAILED","message":"database unreachable"}', 200, 'FAILED', 'failed', 'database unreachable'],
  ])('reads JSON of no known format generically: %s', (_label, body, status, overallStatus, condition, text) => {
    const outcome = detectAndParse(respond(body, { contentType: 'application/json', status }), 'auto');
    expect(outcome.ok && outcome.model.format).toBe('json');
    expect(outcome.ok && outcome.model.overall).toMatchObject({ status: overallStatus, condition, text });
    expect(outcome.ok && outcome.model.components.map((c) => c.name)).toEqual(['json']);
  });

  it.each([
    ['a member of no known value', '{"status":"SOMETHING"}'],
    ['a number where the status would be', '{"status":200}'],
    ['a string health that is not a word it knows', '{"health":"meh"}'],
    ['an array', '[1, 2, 3]'],
    ['an empty object', '{}'],
  ])('without a status member it knows, the HTTP status decides: %s', (_label, body) => {
    const ok = detectAndParse(respond(body, { contentType: 'application/json', status: 200 }), 'auto');
    expect(ok.ok && ok.model.overall).toBeNull();
    expect(ok.ok && toRows(ok.model.components)).toEqual([['json', 'running', 'ok', true, null]]);
    const down = detectAndParse(respond(body, { contentType: 'application/json', status: 503, statusText: 'Service Unavailable' }), 'auto');
    expect(down.ok && toRows(down.model.components)).toEqual([['json', 'running', 'failed', true, 'HTTP 503 Service Unavailable']]);
  });

  it("carries a 503's own text, and the status text only once (fastify's overload guard)", () => {
    const body = '{"statusCode":503,"code":"FST_UNDER_PRESSURE","error":"Service Unavailable","message":"Service Unavailable"}';
    const outcome = detectAndParse(respond(body, { contentType: 'application/json', status: 503, statusText: 'Service Unavailable' }), 'auto');
    expect(outcome.ok && toRows(outcome.model.components)).toEqual([['json', 'running', 'failed', true, 'HTTP 503 Service Unavailable']]);
    const worded = detectAndParse(respond('{"error":"Service Unavailable","message":"pool exhausted"}', { contentType: 'application/json', status: 503, statusText: 'Service Unavailable' }), 'auto');
    expect(worded.ok && worded.model.components[0]?.error).toBe('HTTP 503 Service Unavailable: pool exhausted');
  });

  it('a 503 with a passing member is still a failing component, carrying the status', () => {
    const outcome = detectAndParse(respond('{"healthy":true}', { contentType: 'application/json', status: 503, statusText: 'Service Unavailable' }), 'auto');
    expect(outcome.ok && outcome.model.format).toBe('json');
    expect(outcome.ok && toRows(outcome.model.components)).toEqual([['json', 'running', 'failed', true, 'HTTP 503 Service Unavailable']]);
  });

  it('--format json reads any JSON generically, and refuses what is not JSON', () => {
    const named = detectAndParse(respond('{"status":"UP","components":{}}', { contentType: 'application/json' }), 'json');
    expect(named.ok && named.model).toMatchObject({ format: 'json', overall: { status: 'UP', condition: 'ok' } });
    expect(detectAndParse(respond('LIVE\n'), 'json')).toMatchObject({ ok: false, format: 'json' });
    const broken = detectAndParse(respond('{"health": "tr', { contentType: 'application/json' }), 'json');
    expect(!broken.ok && broken.error).toMatch(/^body is not valid JSON: /);
  });

  it('JSON that says it is JSON and does not parse is still a bad response', () => {
    const outcome = detectAndParse(respond('{"health":"true"', { contentType: 'application/json' }), 'auto');
    expect(outcome).toMatchObject({ ok: false, format: null });
  });

  it.each([
    ['{"status":"UP"}', 'spring'],
    ['{"status":"DOWN"}', 'spring'],
    ['{"status":"OUT_OF_SERVICE"}', 'spring'],
    ['{"status":"UNKNOWN"}', 'spring'],
    ['{"status":"UP","details":{"db":{"status":"UP"}}}', 'spring'],
    ['{"status":"DEGRADED","components":{"a":{"status":"DEGRADED"}}}', 'spring'],
    ['{"status":"pass"}', 'health-json'],
    ['{"status":"up"}', 'health-json'],
    ['{"status":"ok"}', 'health-json'],
    ['{"status":"Warn","checks":{}}', 'health-json'],
    ['{"status":"UP","checks":{"a":[{"status":"pass"}]}}', 'health-json'],
    ['{"status":"UP","checks":[]}', 'microprofile'],
    ['{"outcome":"DOWN","checks":[{"name":"a","state":"DOWN"}]}', 'microprofile'],
    ['{"status":"ok","info":{},"error":{},"details":{}}', 'terminus'],
    ['{"status":"shutting_down"}', 'terminus'],
    ['{"status":"degraded","info":{},"error":{},"details":{"db":{"status":"degraded"}}}', 'terminus'],
    ['{"status":"ok","db":{"status":"up"}}', 'terminus'],
    ['{"status":"error","db":{"status":"down","message":"x"}}', 'terminus'],
    ['{"status":"ok","uptime":12,"memory":{"rss":1}}', 'health-json'],
    ['{"status":"pass","links":{"about":{"status":"x"}}}', 'health-json'],
    ['{"status":"STARTING","checks":[]}', 'microprofile'],
    ['{"status":"STOPPING","checks":[{"name":"a","status":"UP"}]}', 'microprofile'],
    ['{"health":"true"}', 'json'],
    ['{"status":"unavailable","error":"no leader"}', 'json'],
    ['{"status":"Healthy","entries":{}}', 'aspnet'],
    ['{"totalDuration":"00:00:00","entries":{}}', 'aspnet'],
    ['[{"AggregatedStatus":"passing","Checks":[]}]', 'consul'],
    ['{"statuses":{},"checks":[]}', 'pomerium'],
    ['{"a":{"status":"STARTING"},"b":{"status":"UNAIVALABLE"}}', 'pomerium'],
    ['ok', 'kubernetes'],
    ['Degraded', 'aspnet'],
    ['PRE_INITIALIZING', 'envoy'],
    ['SERVER_IS_SHUTTING_DOWN', 'lightship'],
  ])('detects %s as %s', (body, format) => {
    const outcome = detectAndParse(respond(body, { contentType: 'application/octet-stream' }), 'auto');
    expect(outcome.ok && outcome.model.format).toBe(format);
  });

  it('does not trust the content type alone', () => {
    const pomeriumBody = readFixture('pomerium-status-ready.json');
    const outcome = detectAndParse(respond(pomeriumBody, { contentType: 'application/vnd.spring-boot.actuator.v3+json' }), 'auto');
    expect(outcome.ok && outcome.model.format).toBe('pomerium');
    const plain = detectAndParse(respond('LIVE', { contentType: 'application/health+json' }), 'auto');
    expect(plain.ok).toBe(false);
  });

  it('reports a malformed body of a recognised shape instead of passing it', () => {
    const outcome = detectAndParse(respond('{"statuses":{"a":"RUNNING"},"checks":["a"]}'), 'auto');
    expect(outcome).toMatchObject({ ok: false, format: 'pomerium', error: 'body is not pomerium JSON: check "a" is not an object' });
  });
});
