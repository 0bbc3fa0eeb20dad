import { status as grpcStatus } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGrpcServer } from '../../helpers/grpc-server.js';
import { bytesServer, hostileReasonServer, hostileTextBodyServer, hostileTextServer, type HostileServer } from '../../helpers/hostile-servers.js';
import { forbiddenIn, HOSTILE_TEXTS } from '../../helpers/inert.js';
import { start } from '../diagnose/process.js';
import { parseReport, run } from './support.js';

// Text from a service is data: whatever its names, errors, attributes and reason phrase hold,
// no output line of healthctl carries a control character, an escape sequence or a bidi
// control of the service's, a newline of the service's never starts a line, and Nagios output
// has no `|` but its own.

const TEXTS = Object.values(HOSTILE_TEXTS);
const ALL_RUNTIMES = ['plain', 'kubernetes', 'docker', 'ecs', 'systemd', 'nagios'] as const;

/** Everything a reader of the output must be able to rely on. */
function expectInert(output: string, where: string, nagios = false): void {
  expect(forbiddenIn(output), `${where}\n${output.slice(0, 3000)}`).toBeNull();
  // The service's newline and CR are inline escapes: what followed them never starts a line.
  expect(output, where).not.toMatch(/^\s*(?:READY: injected line|READY: all good)/m);
  if (nagios) expect(output.split('|'), `${where}: one | before perfdata, no other`).toHaveLength(2);
}

let jsonService: HostileServer;
let textService: HostileServer;
let reasonService: HostileServer;
let flapping: HostileServer;
let overall: HostileServer;
let grpc: { port: number; close(): Promise<void> };

beforeAll(async () => {
  [jsonService, textService, reasonService, flapping, overall, grpc] = await Promise.all([
    hostileTextServer(TEXTS),
    hostileTextBodyServer(TEXTS),
    hostileReasonServer(),
    hostileTextServer(TEXTS, true),
    bytesServer(503, 'application/json', JSON.stringify({ status: TEXTS.join(' '), message: TEXTS.join(' ') })),
    // A gRPC health server whose Check fails with status details that carry the hostile texts.
    startGrpcServer({ errors: { '': { code: grpcStatus.UNAVAILABLE, details: TEXTS.join(' ') } } }),
  ]);
});
afterAll(async () => {
  await Promise.all([jsonService, textService, reasonService, flapping, overall, grpc].map((s) => s.close()));
});

describe.concurrent('probe: every runtime\'s stdout and stderr', () => {
  const services = {
    'names, errors and attributes (JSON)': () => `${jsonService.url}/status`,
    'raw control bytes in a text body and the reason phrase': () => `${textService.url}/readyz?verbose`,
    'a reason phrase of raw bytes': () => `${reasonService.url}/healthz`,
    'the service\'s own status and its words': () => `${overall.url}/health`,
    'gRPC status details': () => `grpc://127.0.0.1:${grpc.port}`,
  };
  for (const [what, target] of Object.entries(services)) {
    for (const runtime of ALL_RUNTIMES) {
      it(`${what} — ${runtime}`, async () => {
        const r = await run(['probe', target(), '--runtime', runtime, '--timeout', '3s', '-v']);
        expect(r.code, r.stderr).not.toBe(0);
        expect(r.stdout).not.toBe('');
        expectInert(r.stdout + r.stderr, `${what} ${runtime}`, false);
        if (runtime === 'nagios') expectInert(r.stdout, `${what} nagios stdout`, true);
        // The escapes are there to read, not dropped.
        expect(r.stdout).toMatch(/\\x1b|\\x9b|\\u202e/);
      });
    }
  }

  it('-o json keeps every string exactly (JSON escapes it)', async () => {
    const r = await run(['probe', `${jsonService.url}/status`, '--runtime', 'plain', '-o', 'json', '--timeout', '3s']);
    const report = parseReport(r.stdout);
    expect(report.components.map((c) => c.name)).toEqual(TEXTS.map((t, i) => `c${i}:${t}`));
    expect(report.components.map((c) => (c as { error?: string | null }).error)).toEqual(TEXTS);
    expect(r.stdout).not.toMatch(/[\x00-\x09\x0b-\x1f]/);
  });

  it('a usage error quoting a target with an escape sequence', async () => {
    const r = await run(['probe', 'http://bad\x1b[2Jhost\u202e:99999/', '--runtime', 'plain']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^healthctl: .*\\x1b\[2Jhost\\u202e/);
    expectInert(r.stdout + r.stderr, 'usage error');
  });
});

describe.concurrent('diagnose, wait', () => {
  it('diagnose -v, piped: the report, the raw body on stderr', async () => {
    for (const target of [`${jsonService.url}/status`, `${textService.url}/readyz?verbose`]) {
      const r = await run(['diagnose', target, '--runtime', 'kubernetes', '-v', '--timeout', '3s']);
      expect(r.code).toBe(4);
      expectInert(r.stdout + r.stderr, `diagnose ${target}`);
      expect(r.stdout).toContain('healthctl diagnose · ');
      expect(r.stdout).toMatch(/nagios exit 2/);
    }
  });

  it('diagnose --watch, piped: transition lines and the summary quote the service inertly', async () => {
    const watch = start(['diagnose', `${flapping.url}/status`, '--runtime', 'plain', '--watch', '200ms']);
    await watch.waitFor(/readiness pass → fail/, 15_000);
    watch.child.kill('SIGINT');
    const end = await watch.exited;
    expect(end.code).not.toBeNull();
    expect(watch.stdout()).toMatch(/flapped: .*c0:wipe\\x1b\[2J\\x1b\[H/);
    expectInert(watch.stdout() + watch.stderr(), 'diagnose --watch');
  });

  it('wait, piped: transition lines, and the line on stderr when time runs out', async () => {
    const r = await run(['wait', `${jsonService.url}/status`, '--runtime', 'systemd', '--timeout', '1s']);
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/^\[\+\d+\.\ds\] NOT READY: /);
    expect(r.stderr).toMatch(/^still not ready after 1s: c0:wipe\\x1b\[2J\\x1b\[H failed: wipe\\x1b\[2J\\x1b\[H; /);
    expectInert(r.stdout + r.stderr, 'wait');
  });
});
