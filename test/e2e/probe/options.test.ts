import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, runCli } from '../../helpers/cli.js';
import { closedPort, serveBody, startServer, type TestServer } from '../../helpers/http-server.js';

const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

let starting: TestServer;
let ready: TestServer;
let echo: TestServer;
let lastHeaders: Record<string, string | string[] | undefined> = {};

beforeAll(async () => {
  starting = await serveBody(200, 'text/plain; charset=utf-8', fixture('pomerium-status-starting.json'));
  ready = await serveBody(200, 'text/plain; charset=utf-8', fixture('pomerium-status-ready.json'));
  echo = await startServer((req, res) => {
    lastHeaders = req.headers;
    res.statusCode = 401;
    res.end('denied');
  });
});
afterAll(async () => {
  await starting.close();
  await ready.close();
  await echo.close();
});

const hostPort = (s: TestServer): string => `127.0.0.1:${s.port}`;

describe('pomerium health drop-in (-a)', () => {
  it('fails with exit 1 and names every failing check with its error', async () => {
    const r = await runCli(['probe', '-a', hostPort(starting)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('authorize.service starting');
    expect(r.stdout).toContain('storage.backend failed: ping postgres: context deadline exceeded');
    expect(r.stdout).toContain('xds.cluster unavailable');
  });

  it('every reported entry counts, as in pomerium health: a non-required error fails', async () => {
    const r = await runCli(['probe', '-a', hostPort(ready)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('zero.connect');
    const excluded = await runCli(['probe', '-a', hostPort(ready), '-e', 'zero.*']);
    expect(excluded.code).toBe(0);
  });

  it('-e covers required-but-unreported checks and takes globs; never exits 2, whatever the runtime', async () => {
    const r = await runCli(['probe', '-a', hostPort(starting), '-e', 'authorize.service', '-e', 'storage.backend', '-e', 'xds.*', '--runtime', 'kubernetes', '--timeout', '10s']);
    expect(r.code).toBe(0);
    const refused = await runCli(['probe', '-a', `127.0.0.1:${await closedPort()}`, '--runtime', 'kubernetes']);
    expect(refused.code).toBe(1);
  });

  it('-v prints the raw /status body on stderr', async () => {
    const r = await runCli(['probe', '-a', hostPort(starting), '-v']);
    expect(JSON.parse(r.stderr)).toEqual(JSON.parse(fixture('pomerium-status-starting.json')));
  });
});

describe('configuration from HEALTHCTL_* variables', () => {
  it('takes the target, probe, runtime and repeatable options from the environment', async () => {
    const r = await runCli(['probe'], {
      env: { HEALTHCTL_TARGET: `${starting.url}/status`, HEALTHCTL_RUNTIME: 'docker', HEALTHCTL_EXCLUDE: 'authorize.service,storage.backend,xds.cluster' },
    });
    expect(r.stdout).toMatch(/^READY/);
    expect(r.code).toBe(0);
  });

  it('flags win over the environment', async () => {
    const r = await runCli(['probe', '--probe', 'liveness'], { env: { HEALTHCTL_TARGET: `${starting.url}/status`, HEALTHCTL_PROBE: 'readiness', HEALTHCTL_RUNTIME: 'plain' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ALIVE/);
  });

  it('a bad value names the variable', async () => {
    const r = await runCli(['probe', `${ready.url}/status`], { env: { HEALTHCTL_INSECURE: 'maybe' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('HEALTHCTL_INSECURE');
  });
});

describe('runtime detection (--runtime auto)', () => {
  it('KUBERNETES_SERVICE_HOST selects kubernetes', async () => {
    const r = await runCli(['probe', `${starting.url}/status`, '-o', 'json', '--timeout', '10s'], { env: { KUBERNETES_SERVICE_HOST: '10.0.0.1' } });
    expect(JSON.parse(r.stdout)).toMatchObject({ runtime: 'kubernetes', exitCode: 4 });
  });
  it('ECS metadata wins over Kubernetes', async () => {
    const r = await runCli(['probe', `${starting.url}/status`, '-o', 'json'], { env: { KUBERNETES_SERVICE_HOST: '10.0.0.1', ECS_CONTAINER_METADATA_URI_V4: 'http://169.254.170.2/v4/x' } });
    expect(JSON.parse(r.stdout)).toMatchObject({ runtime: 'ecs' });
  });
});

describe('secrets and targets', () => {
  it('sends -H headers and never prints their values, in text or JSON', async () => {
    for (const output of ['text', 'json']) {
      const r = await runCli(['probe', `${echo.url}/health`, '-H', 'Authorization: Bearer s3cr3t-token', '-o', output, '-v', '--runtime', 'plain']);
      expect(lastHeaders['authorization']).toBe('Bearer s3cr3t-token');
      expect(r.stdout + r.stderr).not.toContain('s3cr3t-token');
      expect(r.code).toBe(4);
    }
  });

  it('redacts URL user-info and token query values', async () => {
    const r = await runCli(['probe', `http://user:pa55word@127.0.0.1:${echo.port}/health?token=abc123&x=1`, '-o', 'json']);
    expect(r.stdout).not.toContain('pa55word');
    expect(r.stdout).not.toContain('abc123');
    expect(JSON.parse(r.stdout)).toMatchObject({ target: expect.stringContaining('x=1') as unknown });
  });

  it('tcp:// passes when the port accepts and is unreachable when it does not', async () => {
    expect((await runCli(['probe', `tcp://127.0.0.1:${ready.port}`, '--runtime', 'plain'])).code).toBe(0);
    const r = await runCli(['probe', `tcp://127.0.0.1:${await closedPort()}`, '--runtime', 'plain']);
    expect(r.code).toBe(2);
  });

  it('HOST:PORT means its /status', async () => {
    const r = await runCli(['probe', hostPort(ready), '-o', 'json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ target: `http://${hostPort(ready)}/status`, format: 'pomerium', outcome: 'pass' });
  });
});

describe('runtime output', () => {
  it('kubernetes: the first line is the stable summary and holds no timings', async () => {
    const a = await runCli(['probe', `${starting.url}/status`, '--runtime', 'kubernetes', '--timeout', '10s']);
    const b = await runCli(['probe', `${starting.url}/status`, '--runtime', 'kubernetes', '--timeout', '10s']);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout.split('\n')[0]).toMatch(/^NOT READY: 3 of 5 components not ready: /);
    expect(a.stdout).not.toMatch(/\d+(\.\d+)?\s?ms\b/);
  });

  it('nagios: HEALTHCTL STATE - summary | perfdata', async () => {
    const r = await runCli(['probe', `${starting.url}/status`, '--runtime', 'nagios']);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^HEALTHCTL CRITICAL - NOT READY: .* \| components=6;;;0 failing=3;;;0 time=/);
  });
});

describe('pomerium health drop-in: usage errors', () => {
  it('a usage error with -a exits 1 even under nagios', async () => {
    const r = await runCli(['probe', '-a', 'not-an-address', '--runtime', 'nagios']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--health-addr/);
  });
});
