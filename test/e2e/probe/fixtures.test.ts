import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { FIXTURE_CASES as cases, fixtureBody, type Expected } from '../../helpers/fixture-cases.js';
import { serveBody, type TestServer } from '../../helpers/http-server.js';

/** The exit code of each outcome per runtime (the README's exit-code table). */
const EXIT: Record<string, Record<Expected, number>> = {
  plain: { pass: 0, warn: 0, fail: 4, 'bad-response': 3 },
  kubernetes: { pass: 0, warn: 0, fail: 4, 'bad-response': 3 },
  docker: { pass: 0, warn: 0, fail: 1, 'bad-response': 1 },
  nagios: { pass: 0, warn: 1, fail: 2, 'bad-response': 3 },
};

const servers = new Map<string, TestServer>();

beforeAll(async () => {
  for (const c of cases) servers.set(c.file, await serveBody(c.status, c.contentType, fixtureBody(c)));
});
afterAll(async () => {
  for (const s of servers.values()) await s.close();
});

const rows = cases.flatMap((c) =>
  (['startup', 'liveness', 'readiness'] as const).flatMap((probe) =>
    Object.keys(EXIT).map((runtime) => ({ c, probe, runtime, expected: c.expect[probe] })),
  ),
);

describe('every fixture × probe × runtime, through the built binary against a real server', () => {
  it.concurrent.each(rows)('$c.file --probe $probe --runtime $runtime → $expected', async ({ c, probe, runtime, expected }) => {
    const url = `${servers.get(c.file)?.url ?? ''}${c.path ?? '/health'}`;
    // The deadline is not under test here; a loaded test machine must not turn rows into timeouts.
    const text = await runCli(['probe', url, '--probe', probe, '--runtime', runtime, '--timeout', '20s']);
    expect(text.stderr).toBe('');
    expect(text.code).toBe(EXIT[runtime]?.[expected]);

    const json = await runCli(['probe', url, '--probe', probe, '--runtime', runtime, '--timeout', '20s', '-o', 'json']);
    const report = JSON.parse(json.stdout) as { format: string; outcome: string; exitCode: number; schema: string };
    expect(report).toMatchObject({ schema: 'healthctl/v1', format: c.format, outcome: expected, exitCode: json.code });
  });
});

/** What the first line says, so the service's own words reach every runtime. */
const FIRST_LINES: Array<{ file: string; probe: 'startup' | 'liveness' | 'readiness'; line: string }> = [
  { file: 'etcd-health-false.json', probe: 'readiness', line: 'NOT READY: service reports health false: RAFT NO LEADER' },
  { file: 'nats-jetstream-unavailable.json', probe: 'readiness', line: 'NOT READY: service reports unavailable: JetStream has not established contact with a meta leader' },
  { file: 'fastify-under-pressure.json', probe: 'readiness', line: 'NOT READY: 1 of 1 component not ready: json failed: HTTP 503 Service Unavailable' },
  { file: 'health-json-fail-no-checks.json', probe: 'readiness', line: 'NOT READY: service reports fail' },
  { file: 'spring-down-components-up.json', probe: 'readiness', line: 'NOT READY: service reports DOWN' },
  { file: 'terminus-nest-degraded.json', probe: 'readiness', line: 'READY (degraded): service reports degraded; 1 component degraded: search degraded: replica lag 12s' },
  { file: 'microprofile-starting-503.json', probe: 'startup', line: 'NOT STARTED: service reports STARTING; 1 of 2 components not started: schema-migrations starting' },
  { file: 'microprofile-live-down.json', probe: 'liveness', line: 'NOT ALIVE: service reports DOWN; 1 of 1 component not alive: deadlock-detector failed: 3 threads blocked for 120s' },
  { file: 'microprofile-undetermined-500.json', probe: 'readiness', line: 'BAD RESPONSE: MicroProfile Health answered HTTP 500: the health status is undetermined' },
];

describe("the first line carries the service's own verdict and words", () => {
  it.concurrent.each(FIRST_LINES)('$file --probe $probe', async ({ file, probe, line }) => {
    const c = cases.find((k) => k.file === file);
    const url = `${servers.get(file)?.url ?? ''}${c?.path ?? '/health'}`;
    const kubernetes = await runCli(['probe', url, '--probe', probe, '--runtime', 'kubernetes', '--timeout', '20s']);
    expect(kubernetes.stdout.split('\n')[0]).toMatch(new RegExp(`^${line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    const nagios = await runCli(['probe', url, '--probe', probe, '--runtime', 'nagios', '--timeout', '20s']);
    expect(nagios.stdout.split('\n')[0]).toContain(line);
  });
});
