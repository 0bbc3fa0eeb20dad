import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { closedPort, serveBody, startServer, type TestServer } from '../../helpers/http-server.js';

// The README's exit codes: unreachable 2/1/2, timeout 3/1/2, bad-response 3/1/3, usage 1/1/3 (plain/docker/nagios).
const EXIT = {
  unreachable: { plain: 2, kubernetes: 2, docker: 1, nagios: 2 },
  timeout: { plain: 3, kubernetes: 3, docker: 1, nagios: 2 },
  'bad-response': { plain: 3, kubernetes: 3, docker: 1, nagios: 3 },
  usage: { plain: 1, kubernetes: 1, docker: 1, nagios: 3 },
} as const;
const RUNTIMES = ['plain', 'kubernetes', 'docker', 'nagios'] as const;

let hanging: TestServer;
let garbage: TestServer;
let refused: number;

beforeAll(async () => {
  hanging = await startServer(() => {});
  garbage = await serveBody(200, 'application/json', '{"status": "UP", "compo');
  refused = await closedPort();
});
afterAll(async () => {
  await hanging.close();
  await garbage.close();
});

describe('probe when there is no state model', () => {
  it.each(RUNTIMES)('unreachable (a closed port) under %s', async (runtime) => {
    const r = await runCli(['probe', `http://127.0.0.1:${refused}/status`, '--runtime', runtime]);
    expect(r.code).toBe(EXIT.unreachable[runtime]);
    expect(r.stdout).toContain(`127.0.0.1:${refused}`);
    expect(r.stdout).toMatch(/connect/i);
  });

  it.each(RUNTIMES)('timeout (a server that never answers, --timeout 300ms) under %s ends within 450 ms', async (runtime) => {
    const r = await runCli(['probe', `${hanging.url}/status`, '--runtime', runtime, '--timeout', '300ms']);
    expect(r.code).toBe(EXIT.timeout[runtime]);
    expect(r.ms).toBeLessThan(450);
    expect(r.stdout).toMatch(/first byte/);
    expect(r.stdout).toContain(`127.0.0.1:${hanging.port}`);
  });

  it.each(RUNTIMES)('bad response (JSON that does not parse) under %s', async (runtime) => {
    const r = await runCli(['probe', `${garbage.url}/health`, '--runtime', runtime]);
    expect(r.code).toBe(EXIT['bad-response'][runtime]);
    expect(r.stdout).toMatch(/not valid JSON/);
  });

  it.each(RUNTIMES)('usage error (a bad flag value) under %s, never 2 under docker', async (runtime) => {
    const r = await runCli(['probe', '--runtime', runtime, '--probe', 'sideways']);
    expect(r.code).toBe(EXIT.usage[runtime]);
    expect(r.stderr).toMatch(/--probe/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('an unknown flag is a usage error under docker too (exit 1, not commander\'s default)', async () => {
    const r = await runCli(['probe', '--runtime', 'docker', '--bogus']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--bogus/);
  });

  it('JSON for an unreachable target: no components, every probe fails, error names the phase', async () => {
    const r = await runCli(['probe', `http://127.0.0.1:${refused}/status`, '-o', 'json', '--runtime', 'kubernetes']);
    const report = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({ outcome: 'unreachable', exitCode: 2, components: [], format: null, probes: { startup: 'fail', liveness: 'fail', readiness: 'fail' } });
    expect(String(report['error'])).toMatch(/connect/);
  });
});
