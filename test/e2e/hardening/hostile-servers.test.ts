import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliCommand } from '../../helpers/cli.js';
import {
  bodyDripServer,
  bytesServer,
  cutMidBodyServer,
  headerDripServer,
  httpServer,
  hugeBodyServer,
  manyChecksBody,
  redirectServer,
  silentServer,
  type HostileServer,
} from '../../helpers/hostile-servers.js';
import { closedPort } from '../../helpers/http-server.js';
import { describeHostileCases, run, type HostileCase } from './support.js';

const pomerium = (statuses: Record<string, unknown>, checks: string[]): string => JSON.stringify({ statuses, checks });
const MiB = 1024 * 1024;
const deepSpring = (depth: number): string =>
  `{"status":"DOWN","components":${'{"a":{"status":"UP","components":'.repeat(depth)}{"leaf":{"status":"DOWN"}}${'}}'.repeat(depth)}}`;
const invalidUtf8Status = Buffer.concat([Buffer.from('{"statuses":{"a":{"status":"RUNN'), Buffer.from([0xff, 0xc3, 0x28]), Buffer.from('ING"}},"checks":["a"]}')]);

let refused = 0;
let otherHost: HostileServer;

const CASES: HostileCase[] = [
  {
    name: 'accepts and never answers',
    start: silentServer,
    target: (s) => `${s?.url}/status`,
    timeoutMs: 1000,
    outcome: 'timeout',
    message: /timeout after 1s waiting for first byte from 127\.0\.0\.1:\d+/,
  },
  {
    name: 'sends the header block one byte at a time',
    start: () => headerDripServer(),
    target: (s) => `${s?.url}/status`,
    timeoutMs: 1000,
    outcome: 'timeout',
    message: /timeout after 1s reading headers from 127\.0\.0\.1:\d+/,
  },
  {
    name: 'sends headers, then drips the body',
    start: () => bodyDripServer(),
    target: (s) => `${s?.url}/status`,
    timeoutMs: 1000,
    outcome: 'timeout',
    message: /timeout after 1s reading body from 127\.0\.0\.1:\d+/,
  },
  {
    // Reaching bad-response at all proves the read stopped at the cap long before the deadline.
    name: 'sends 40 MB with no length (chunked)',
    start: () => hugeBodyServer(40 * MiB, false),
    target: (s) => `${s?.url}/status`,
    timeoutMs: 2000,
    outcome: 'bad-response',
    message: /response body larger than 1 MiB from 127\.0\.0\.1:\d+/,
  },
  {
    name: 'declares 40 MB in Content-Length',
    start: () => hugeBodyServer(40 * MiB, true),
    target: (s) => `${s?.url}/status`,
    timeoutMs: 2000,
    outcome: 'bad-response',
    message: /response body larger than 1 MiB/,
  },
  {
    name: 'sends invalid JSON as application/json',
    start: () => bytesServer(200, 'application/json', '{"status": "UP",, "components": {}}'),
    target: (s) => `${s?.url}/health`,
    timeoutMs: 2000,
    outcome: 'bad-response',
    message: /body is not valid JSON/,
  },
  {
    name: 'sends truncated JSON as text/plain (as Pomerium labels it)',
    start: () => bytesServer(200, 'text/plain', '{"statuses":{"authorize.service":{"status":"RUNN'),
    target: (s) => `${s?.url}/status`,
    timeoutMs: 2000,
    outcome: 'bad-response',
    message: /body is not valid JSON/,
  },
  {
    name: 'sends a million unclosed [',
    start: () => bytesServer(200, 'application/json', '['.repeat(1_000_000)),
    target: (s) => `${s?.url}/status`,
    timeoutMs: 3000,
    outcome: 'bad-response',
    message: /body is not valid JSON/,
  },
  {
    name: 'nests Spring components 20,000 deep with a DOWN leaf',
    start: () => bytesServer(503, 'application/json', deepSpring(20_000)),
    target: (s) => `${s?.url}/actuator/health`,
    timeoutMs: 3000,
    outcome: 'bad-response',
    message: /spring components nested more than 32 levels deep \(healthctl's limit\)/,
    json: (report) => expect(report.format).toBe('spring'),
  },
  {
    name: 'nests an attribute value 300,000 arrays deep (RUNNING otherwise)',
    start: () =>
      bytesServer(200, 'text/plain', `{"statuses":{"a":{"status":"RUNNING","attributes":[{"Key":"k","Value":${'['.repeat(300_000)}${']'.repeat(300_000)}}]}},"checks":["a"]}`),
    target: (s) => `${s?.url}/status`,
    timeoutMs: 3000,
    outcome: 'pass',
    message: /READY: 1 of 1 component ready/,
  },
  {
    name: 'puts invalid UTF-8 inside a status word',
    start: () => bytesServer(200, 'application/json', invalidUtf8Status),
    target: (s) => `${s?.url}/status`,
    timeoutMs: 2000,
    outcome: 'fail',
    message: /NOT READY: 1 of 1 component not ready: a unavailable: unrecognised status/,
  },
  {
    name: 'sends binary garbage labelled application/json',
    start: () => bytesServer(200, 'application/json', Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0x80, 0xc0, 0xaf, 0x22])),
    target: (s) => `${s?.url}/status`,
    timeoutMs: 2000,
    outcome: 'bad-response',
    message: /body is not valid JSON/,
  },
  {
    name: 'resets the connection mid-body',
    start: () => cutMidBodyServer('reset'),
    target: (s) => `${s?.url}/status`,
    timeoutMs: 2000,
    outcome: 'unreachable',
    message: /connection reset by 127\.0\.0\.1:\d+ while reading body/,
  },
  {
    name: 'closes the connection before the declared body length',
    start: () => cutMidBodyServer('close'),
    target: (s) => `${s?.url}/status`,
    timeoutMs: 2000,
    outcome: 'unreachable',
    message: /127\.0\.0\.1:\d+ while reading body/,
  },
  {
    name: 'reports 100,000 required checks, none of them reported',
    start: () => bytesServer(200, 'text/plain', manyChecksBody(100_000, { keep: { status: 'RUNNING' } })),
    target: (s) => `${s?.url}/status`,
    timeoutMs: 3000,
    outcome: 'fail',
    message: /^(?:✗ )?NOT READY: 100000 of 100001 components not ready: c0 unavailable: required but never reported; c1 unavailable/,
  },
  {
    name: 'reports 100,000 required checks, all excluded by a glob but one RUNNING',
    start: () => bytesServer(200, 'text/plain', manyChecksBody(100_000, { keep: { status: 'RUNNING' } })),
    target: (s) => `${s?.url}/status`,
    args: ['-e', 'c*'],
    timeoutMs: 3000,
    outcome: 'pass',
    message: /READY: 1 of 1 component ready/,
  },
  {
    name: 'requires __proto__, constructor and toString but reports none',
    start: () => bytesServer(200, 'application/json', pomerium({}, ['__proto__', 'constructor', 'toString'])),
    target: (s) => `${s?.url}/status`,
    timeoutMs: 2000,
    outcome: 'fail',
    message: /3 of 3 components not ready: __proto__ unavailable: required but never reported; constructor unavailable: required but never reported; toString unavailable/,
  },
  {
    name: 'reports __proto__, constructor and toString RUNNING',
    start: () =>
      bytesServer(200, 'text/plain', '{"statuses":{"__proto__":{"status":"RUNNING"},"constructor":{"status":"RUNNING"},"toString":{"status":"RUNNING"}},"checks":["__proto__","constructor","toString"]}'),
    target: (s) => `${s?.url}/status`,
    timeoutMs: 2000,
    outcome: 'pass',
    message: /READY: 3 of 3 components ready/,
    json: (report) => expect(report.components.map((c) => [c.name, c.verdict])).toEqual([['__proto__', 'pass'], ['constructor', 'pass'], ['toString', 'pass']]),
  },
  {
    name: 'reports constructor RUNNING with an error (Pomerium)',
    start: () =>
      bytesServer(200, 'text/plain', '{"statuses":{"__proto__":{"status":"RUNNING"},"constructor":{"status":"RUNNING","error":"boom"},"toString":{"status":"RUNNING"}},"checks":["__proto__","constructor","toString"]}'),
    target: (s) => `${s?.url}/status`,
    timeoutMs: 2000,
    outcome: 'fail',
    message: /NOT READY: 1 of 3 components not ready: constructor failed: boom/,
  },
  {
    name: 'reports Spring components __proto__ DOWN, constructor and toString UP',
    start: () => bytesServer(503, 'application/json', '{"status":"DOWN","components":{"__proto__":{"status":"DOWN"},"constructor":{"status":"UP"},"toString":{"status":"UP"}}}'),
    target: (s) => `${s?.url}/actuator/health`,
    timeoutMs: 2000,
    outcome: 'fail',
    message: /NOT READY: service reports DOWN; 1 of 3 components not ready: __proto__ failed/,
    json: (report) => expect(report.components.map((c) => [c.name, c.verdict])).toEqual([['__proto__', 'fail'], ['constructor', 'pass'], ['toString', 'pass']]),
  },
  {
    name: 'redirects to another host',
    start: () => redirectServer(() => `http://localhost:${otherHost.port}/status`),
    target: (s) => `${s?.url}/status`,
    timeoutMs: 2000,
    outcome: 'bad-response',
    message: /redirect to http:\/\/localhost:\d+\/status not followed \(different host\)/,
  },
  {
    name: 'redirects to itself forever',
    start: () => redirectServer((self) => `${self}/status`, 307),
    target: (s) => `${s?.url}/status`,
    timeoutMs: 2000,
    outcome: 'bad-response',
    message: /too many redirects \(more than 5\)/,
  },
  {
    name: 'is a closed port',
    start: null,
    target: () => `http://127.0.0.1:${refused}/status`,
    timeoutMs: 2000,
    outcome: 'unreachable',
    message: /connection refused by 127\.0\.0\.1:\d+ \(connect\)/,
  },
  {
    name: 'is a bad flag value',
    start: null,
    target: () => 'http://127.0.0.1:1/status',
    args: ['--timeout', 'soon'],
    timeoutMs: 2000,
    outcome: 'usage',
    message: /--timeout: 'soon' is not a duration/,
  },
  {
    name: 'is an unknown flag',
    start: null,
    target: () => 'http://127.0.0.1:1/status',
    args: ['--bogus'],
    timeoutMs: 2000,
    outcome: 'usage',
    message: /--bogus/,
  },
];

beforeAll(async () => {
  refused = await closedPort();
  otherHost = await httpServer((_req, res) => res.end('{"status":"UP"}'));
});
afterAll(() => otherHost.close());

describeHostileCases('a hostile endpoint never gets a wrong verdict, a crash, a hang or a flood', CASES);

it('a redirect to another host is never followed: that host receives nothing', () => {
  expect(otherHost.hits).toBe(0);
});

describe.concurrent('-a -v prints the raw /status body, within the runtime\'s cap', () => {
  let big: HostileServer;
  beforeAll(async () => {
    const statuses: Record<string, unknown> = { bad: { status: 'RUNNING', error: 'ping postgres: timeout' } };
    for (let i = 0; i < 3000; i++) statuses[`component-${i}`] = { status: 'RUNNING' };
    big = await bytesServer(200, 'text/plain', pomerium(statuses, Object.keys(statuses)));
  });
  afterAll(() => big.close());

  it.each(['docker', 'kubernetes'] as const)('under %s the verdict survives a 160 KB body', async (runtime) => {
    const r = await run(['probe', '-a', `127.0.0.1:${big.port}`, '-v', '--runtime', runtime, '--timeout', '2s']);
    // -a keeps `pomerium health`'s exit codes: 1 for unhealthy under every runtime.
    expect(r.code).toBe(1);
    expect(Buffer.byteLength(r.stdout + r.stderr)).toBeLessThanOrEqual(runtime === 'docker' ? 4096 : 10 * 1024);
    expect(r.stdout).toMatch(/^NOT READY: 1 of 3001 components not ready: bad failed: ping postgres: timeout/);
    expect(r.stderr).toMatch(/^\{"statuses":/);
  });

  it('under plain the whole body is printed, as `pomerium health -v` does', async () => {
    const r = await run(['probe', '-a', `127.0.0.1:${big.port}`, '-v', '--runtime', 'plain', '--timeout', '2s']);
    expect(r.code).toBe(1);
    expect(r.stderr.length).toBeGreaterThan(100_000);
    expect(JSON.parse(r.stderr)).toMatchObject({ checks: expect.any(Array) });
  });
});

describe('100,000 components in bounded memory', () => {
  let many: HostileServer;
  beforeAll(async () => {
    many = await bytesServer(200, 'text/plain', manyChecksBody(100_000, { keep: { status: 'RUNNING' } }));
  });
  afterAll(() => many.close());

  // GNU time reports the peak resident set of the whole process; `node -e 0` alone is about 40 MB.
  const peakRss = (args: string[]): Promise<{ code: number | null; kb: number }> =>
    new Promise((resolve, reject) => {
      const child = spawn('/usr/bin/time', ['-f', 'peak-rss-kb=%M', ...cliCommand(args).flat()], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, kb: Number(/peak-rss-kb=(\d+)/.exec(stderr)?.[1] ?? NaN) }));
    });

  it.skipIf(!existsSync('/usr/bin/time')).each([
    ['text', []],
    ['JSON', ['-o', 'json']],
  ])('peak RSS stays under 200 MB for a 100,000-component body (%s, kubernetes)', async (_what, extra) => {
    const { code, kb } = await peakRss(['probe', `${many.url}/status`, '--runtime', 'kubernetes', '--timeout', '10s', ...extra]);
    expect(code).toBe(4);
    expect(kb).toBeLessThan(200 * 1024);
  });
});
