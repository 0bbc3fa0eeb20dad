import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { startServer, type TestServer } from '../../helpers/http-server.js';

// Each path answers as a real service does there; the path decides whether it is dedicated to a probe kind.
const ANSWERS: Record<string, { status: number; type: string; body: string }> = {
  '/livez': { status: 500, type: 'text/plain; charset=utf-8', body: '[+]ping ok\n[-]etcd failed: reason withheld\nlivez check failed\n' },
  '/healthz': { status: 500, type: 'text/plain; charset=utf-8', body: '[+]ping ok\n[-]etcd failed: reason withheld\nhealthz check failed\n' },
  '/verbatim': { status: 200, type: 'application/json', body: JSON.stringify({ status: 'ok', db: { status: 'up' }, cache: { status: 'up' } }) },
  '/spring': { status: 200, type: 'application/json', body: JSON.stringify({ status: 'DOWN', components: { db: { status: 'UP' } } }) },
};

let server: TestServer;
beforeAll(async () => {
  server = await startServer((req, res) => {
    const answer = ANSWERS[new URL(req.url ?? '/', 'http://x').pathname];
    res.statusCode = answer?.status ?? 404;
    res.setHeader('Content-Type', answer?.type ?? 'text/plain');
    res.end(answer?.body ?? 'not found');
  });
});
afterAll(() => server.close());

const probe = (path: string, ...args: string[]) => runCli(['probe', `${server.url}${path}`, '--runtime', 'plain', '--timeout', '10s', ...args]);

describe("the service's own answer, through the built binary", () => {
  it('liveness of /livez?verbose follows its answer; the same lines on the combined /healthz stay alive', async () => {
    const livez = await probe('/livez?verbose', '--probe', 'liveness');
    expect(livez.code).toBe(4);
    expect(livez.stdout).toMatch(/^✗ NOT ALIVE: service reports livez check failed; 1 of 2 components not alive: etcd failed: reason withheld$/m);
    const trailing = await probe('/livez/?verbose', '--probe', 'liveness');
    expect(trailing.code).toBe(4);
    const healthz = await probe('/healthz?verbose', '--probe', 'liveness');
    expect(healthz.code).toBe(0);
    expect(healthz.stdout).toMatch(/^✓ ALIVE: service answered with 2 components$/m);
  });

  it('--exclude cannot take the service\'s own DOWN away, under docker and nagios too', async () => {
    const plain = await probe('/spring', '-e', '*');
    expect(plain.code).toBe(4);
    expect(plain.stdout).toMatch(/^✗ NOT READY: service reports DOWN$/m);
    const docker = await probe('/spring', '--runtime', 'docker');
    expect(docker.code).toBe(1);
    const nagios = await probe('/spring', '--runtime', 'nagios');
    expect(nagios.code).toBe(2);
    expect(nagios.stdout).toMatch(/^HEALTHCTL CRITICAL - NOT READY: service reports DOWN \|/);
  });

  it('Terminus verbatim keeps its indicator names: --only db passes a healthy service', async () => {
    const r = await probe('/verbatim', '--only', 'db', '-o', 'json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { format: string; summary: string; overall: unknown; components: Array<{ name: string }> };
    expect(report.format).toBe('terminus');
    expect(report.components.map((c) => c.name)).toEqual(['db', 'cache']);
    expect(report.summary).toBe('READY: 1 of 1 component ready');
    expect(report.overall).toEqual({ status: 'ok', phase: 'running', condition: 'ok', source: '/status', text: null, verdict: 'pass' });
  });

  it('--format json reads any JSON generically', async () => {
    const r = await probe('/spring', '--format', 'json', '-o', 'json');
    expect(r.code).toBe(4);
    expect(JSON.parse(r.stdout)).toMatchObject({ format: 'json', summary: 'NOT READY: service reports DOWN', overall: { status: 'DOWN', source: '/status' } });
    const bad = await probe('/spring', '--format', 'yaml');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('json');
  });
});
