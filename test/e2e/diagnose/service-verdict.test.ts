import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { startServer, type TestServer } from '../../helpers/http-server.js';
import { diagnoseValidator } from '../../unit/diagnose/support.js';

const validator = diagnoseValidator();

const BODIES: Record<string, { status: number; body: string }> = {
  // Spring aggregates something it does not list: every component UP, the service DOWN.
  '/actuator/health': { status: 200, body: JSON.stringify({ status: 'DOWN', components: { db: { status: 'UP' }, ping: { status: 'UP' } } }) },
  '/live': { status: 503, body: JSON.stringify({ status: 'DOWN', checks: [{ name: 'deadlock-detector', status: 'DOWN', data: { reason: '3 threads blocked' } }] }) },
};

let server: TestServer;
beforeAll(async () => {
  server = await startServer((req, res) => {
    const answer = BODIES[new URL(req.url ?? '/', 'http://x').pathname];
    res.statusCode = answer?.status ?? 404;
    res.setHeader('Content-Type', 'application/json');
    res.end(answer?.body ?? '{}');
  });
});
afterAll(() => server.close());

describe("diagnose shows the service's own verdict and where it came from", () => {
  it('text: a service line, the first line names it, a hint says --exclude cannot remove it', async () => {
    const r = await runCli(['diagnose', `${server.url}/actuator/health`, '--runtime', 'plain'], { env: { COLUMNS: '200' } });
    expect(r.code).toBe(4);
    expect(r.stdout).toContain('  service  reports DOWN (at /status), fails readiness\n');
    expect(r.stdout).toMatch(/^✗ NOT READY: service reports DOWN$/m);
    expect(r.stdout).toMatch(/^ {2}! the service itself reports DOWN \(\/status\), although no component left to check fails readiness — fix: /m);
  });

  it('-o json: report.overall says where the verdict was read; the document validates', async () => {
    const r = await runCli(['diagnose', `${server.url}/actuator/health`, '--runtime', 'docker', '-e', '*', '-o', 'json']);
    expect(r.code).toBe(1);
    const doc: unknown = JSON.parse(r.stdout);
    expect(validator.validate(doc)).toBeNull();
    expect(doc).toMatchObject({
      claimed: 'DOWN',
      endpoint: null,
      report: { outcome: 'fail', summary: 'NOT READY: service reports DOWN', overall: { status: 'DOWN', phase: 'running', condition: 'failed', source: '/status', text: null, verdict: 'fail' } },
    });
  });

  it('a dedicated liveness endpoint: named in the probe line, and it decides liveness', async () => {
    const r = await runCli(['diagnose', `${server.url}/live`, '--runtime', 'plain', '--probe', 'liveness'], { env: { COLUMNS: '200' } });
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/probe {4}liveness · liveness endpoint · runtime plain/);
    expect(r.stdout).toMatch(/^✗ NOT ALIVE: service reports DOWN; 1 of 1 component not alive: deadlock-detector failed: 3 threads blocked$/m);
  });

  it('readiness asked of a liveness endpoint: a hint names the endpoint that suits it', async () => {
    const r = await runCli(['diagnose', `${server.url}/live`, '--runtime', 'plain', '-o', 'json']);
    const doc = JSON.parse(r.stdout) as { endpoint: string; hints: Array<{ id: string; level: string; fix: string }> };
    expect(validator.validate(doc)).toBeNull();
    expect(doc.endpoint).toBe('liveness');
    expect(doc.hints.find((h) => h.id === 'endpoint-kind')).toMatchObject({ level: 'warn', fix: 'for readiness, probe /ready; keep /live for the liveness probe' });
  });
});
