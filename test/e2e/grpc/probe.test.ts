import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { closedPort } from '../../helpers/http-server.js';
import { SERVING_STATUS, startGrpcServer, startSilentServer, type GrpcTestServer } from '../../helpers/grpc-server.js';

const { UNKNOWN, SERVING, NOT_SERVING } = SERVING_STATUS;
// The exit code of each outcome a gRPC check can end in (plain, docker, nagios), as in the README's table.
const EXIT = {
  pass: { plain: 0, docker: 0, nagios: 0 },
  fail: { plain: 4, docker: 1, nagios: 2 },
  unreachable: { plain: 2, docker: 1, nagios: 2 },
  timeout: { plain: 3, docker: 1, nagios: 2 },
  'bad-response': { plain: 3, docker: 1, nagios: 3 },
} as const;
const RUNTIMES = ['plain', 'docker', 'nagios'] as const;

interface JsonReport {
  outcome: string;
  exitCode: number;
  format: string | null;
  address: string | null;
  summary: string;
  error: string | null;
  probes: Record<string, string>;
  components: Array<{ name: string; phase: string; condition: string; required: boolean; error: string | null; attributes: Record<string, string>; verdict: string }>;
}

function json(stdout: string): JsonReport {
  return JSON.parse(stdout) as JsonReport;
}

let server: GrpcTestServer;
let noList: GrpcTestServer;
let noHealth: GrpcTestServer;
let refused: number;

beforeAll(async () => {
  server = await startGrpcServer({ statuses: { '': SERVING, 'app.Serving': SERVING, 'app.Down': NOT_SERVING, 'app.Unknown': UNKNOWN } });
  noList = await startGrpcServer({ statuses: { '': SERVING, 'app.Serving': SERVING }, list: false });
  noHealth = await startGrpcServer({ health: false });
  refused = await closedPort();
});
afterAll(async () => {
  await Promise.all([server.close(), noList.close(), noHealth.close()]);
});

describe('probe grpc:// — every ServingStatus (the status mapping of docs/grpc.md)', () => {
  it.each(RUNTIMES)('SERVING passes under %s', async (runtime) => {
    const r = await runCli(['probe', `grpc://127.0.0.1:${server.port}/app.Serving`, '--runtime', runtime]);
    expect(r.code).toBe(EXIT.pass[runtime]);
    expect(r.stdout).toMatch(/READY/);
  });

  it.each(RUNTIMES)('NOT_SERVING fails under %s, naming the service', async (runtime) => {
    const r = await runCli(['probe', `grpc://127.0.0.1:${server.port}/app.Down`, '--runtime', runtime]);
    expect(r.code).toBe(EXIT.fail[runtime]);
    expect(r.stdout).toContain('app.Down failed: NOT_SERVING');
  });

  it('UNKNOWN is unavailable: not ready', async () => {
    const r = await runCli(['probe', `grpc://127.0.0.1:${server.port}/app.Unknown`, '--runtime', 'plain', '-o', 'json']);
    expect(r.code).toBe(4);
    expect(json(r.stdout).components[0]).toMatchObject({ name: 'app.Unknown', phase: 'unavailable', condition: 'failed', attributes: { status: 'UNKNOWN' } });
  });

  it('a service the server does not know (NOT_FOUND) is unavailable: "service not registered"', async () => {
    const r = await runCli(['probe', `grpc://127.0.0.1:${server.port}/app.Missing`, '--runtime', 'plain']);
    expect(r.code).toBe(4);
    expect(r.stdout).toContain('app.Missing unavailable: service not registered');
  });

  it("an empty path asks about the whole server, shown as '(server)'", async () => {
    const r = await runCli(['probe', `grpc://127.0.0.1:${noList.port}`, '--runtime', 'plain', '-o', 'json']);
    expect(r.code).toBe(0);
    const report = json(r.stdout);
    expect(report).toMatchObject({ format: 'grpc', outcome: 'pass', address: `127.0.0.1:${noList.port}` });
    expect(report.components.map((c) => [c.name, c.required])).toEqual([['(server)', true]]);
  });

  it.each(RUNTIMES)('a server without grpc.health.v1 (UNIMPLEMENTED) is bad-response under %s', async (runtime) => {
    const r = await runCli(['probe', `grpc://127.0.0.1:${noHealth.port}`, '--runtime', runtime]);
    expect(r.code).toBe(EXIT['bad-response'][runtime]);
    expect(r.stdout).toContain('server does not implement grpc.health.v1');
  });

  it('NOT_SERVING fails liveness and startup too, as kubelet\'s gRPC probe does: a warming server does not pass its startup probe', async () => {
    const liveness = await runCli(['probe', `grpc://127.0.0.1:${server.port}/app.Down`, '--runtime', 'plain', '--probe', 'liveness']);
    expect(liveness.code).toBe(4);
    expect(liveness.stdout).toMatch(/NOT ALIVE: app\.Down failed: NOT_SERVING/);
    const startup = await runCli(['probe', `grpc://127.0.0.1:${server.port}/app.Down`, '--runtime', 'plain', '--probe', 'startup']);
    expect(startup.code).toBe(4);
    expect(startup.stdout).toMatch(/^✗ NOT STARTED: 1 of 1 component not started: app\.Down failed: NOT_SERVING$/m);
    const unknown = await runCli(['probe', `grpc://127.0.0.1:${server.port}/app.Unknown`, '--runtime', 'kubernetes', '--probe', 'startup']);
    expect(unknown.code).toBe(4);
  });
});

describe('several services in one run', () => {
  it('--service (repeatable): each service is a component; the failing ones are named', async () => {
    const r = await runCli([
      'probe', `grpc://127.0.0.1:${server.port}`, '--runtime', 'plain', '-o', 'json',
      '--service', 'app.Serving', '--service', 'app.Down', '--service', 'app.Missing', '--service', '',
    ]);
    expect(r.code).toBe(4);
    const report = json(r.stdout);
    expect(report.summary).toBe('NOT READY: 2 of 4 components not ready: app.Down failed: NOT_SERVING; app.Missing unavailable: service not registered');
    const required = report.components.filter((c) => c.required).map((c) => [c.name, c.verdict]);
    expect(required).toEqual([['app.Serving', 'pass'], ['app.Down', 'fail'], ['app.Missing', 'fail'], ['(server)', 'pass']]);
  });

  it('services only List reports are shown and never decide', async () => {
    const r = await runCli(['probe', `grpc://127.0.0.1:${server.port}/app.Serving`, '--runtime', 'plain', '-o', 'json']);
    expect(r.code).toBe(0);
    const shown = json(r.stdout).components.map((c) => [c.name, c.required]);
    expect(shown).toEqual([['app.Serving', true], ['(server)', false], ['app.Down', false], ['app.Unknown', false]]);
  });

  it('a server without List still answers Check', async () => {
    const r = await runCli(['probe', `grpc://127.0.0.1:${noList.port}`, '--runtime', 'plain', '--service', 'app.Serving', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(json(r.stdout).components.map((c) => c.name)).toEqual(['app.Serving']);
  });

  it('--exclude leaves a service out; HEALTHCTL_SERVICE names services from the environment', async () => {
    const r = await runCli(['probe', `grpc://127.0.0.1:${server.port}`, '--runtime', 'plain', '-e', 'app.Down'], {
      env: { HEALTHCTL_SERVICE: 'app.Serving,app.Down' },
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/READY: 1 of 1 component ready/);
  });
});

describe('headers as metadata', () => {
  it('-H is sent as gRPC metadata and never printed', async () => {
    const before = server.metadata.length;
    const secret = 'Bearer s3cr3t-t0ken';
    const r = await runCli(['probe', `grpc://127.0.0.1:${server.port}/app.Down`, '--runtime', 'plain', '-v', '-o', 'json', '-H', `Authorization: ${secret}`, '-H', 'x-tenant: blue', '-H', 'User-Agent: my-probe/1']);
    expect(r.code).toBe(4);
    const received = server.metadata.slice(before);
    expect(received.length).toBeGreaterThan(0);
    for (const m of received) {
      expect(m.get('authorization')).toEqual([secret]);
      expect(m.get('x-tenant')).toEqual(['blue']);
      expect(String(m.get('user-agent')[0])).toMatch(/^my-probe\/1 /);
    }
    expect(r.stdout + r.stderr).not.toContain('s3cr3t');
  });

  it('a header gRPC cannot carry is a usage error naming the header, not its value', async () => {
    const r = await runCli(['probe', `grpc://127.0.0.1:${server.port}`, '--runtime', 'plain', '-H', 'X-Key: caf\u00e9-s3cr3t']);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain('--header X-Key');
    expect(r.stdout + r.stderr).not.toContain('s3cr3t');
  });
});

describe('no answer', () => {
  it.each(RUNTIMES)('a closed port is unreachable (connect) under %s', async (runtime) => {
    const r = await runCli(['probe', `grpc://127.0.0.1:${refused}`, '--runtime', runtime]);
    expect(r.code).toBe(EXIT.unreachable[runtime]);
    expect(r.stdout).toContain(`connection refused by 127.0.0.1:${refused} (connect)`);
  });

  it('a server that never answers the call: timeout, and the process ends within 450 ms of --timeout 300ms', async () => {
    const hanging = await startGrpcServer({ hang: true });
    try {
      const r = await runCli(['probe', `grpc://127.0.0.1:${hanging.port}`, '--runtime', 'plain', '--timeout', '300ms']);
      expect(r.code).toBe(3);
      expect(r.stdout).toMatch(/TIMEOUT: timeout after 300ms/);
      expect(r.ms).toBeLessThan(450);
      // Given time to connect, the error names the phase that ran out: the call.
      const slow = await runCli(['probe', `grpc://127.0.0.1:${hanging.port}`, '--runtime', 'plain', '--timeout', '1500ms', '-o', 'json']);
      expect(slow.code).toBe(3);
      expect(json(slow.stdout).error).toBe(`timeout after 1.5s waiting for the call to 127.0.0.1:${hanging.port}`);
    } finally {
      await hanging.close();
    }
  });

  it('a listener that never speaks HTTP/2: timeout in the connect phase', async () => {
    const silent = await startSilentServer();
    try {
      const r = await runCli(['probe', `grpc://127.0.0.1:${silent.port}`, '--runtime', 'docker', '--timeout', '1s', '-o', 'json']);
      expect(r.code).toBe(1);
      expect(json(r.stdout)).toMatchObject({ outcome: 'timeout', error: `timeout after 1s connecting to 127.0.0.1:${silent.port}` });
    } finally {
      await silent.close();
    }
  });
});
