import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliResult } from '../../helpers/cli.js';
import { bytesServer, type HostileServer } from '../../helpers/hostile-servers.js';
import { closedPort } from '../../helpers/http-server.js';
import { run } from './support.js';

/** What a crash would show: a stack frame, or a line of the bundled JavaScript. */
const CRASH = /\n\s+at \S|dist\/|__defProp|"use strict"|\^\n/;

function expectOneUsageLine(r: CliResult, names: string, where: string): void {
  const context = `${where}: exit ${String(r.code)}\n${r.stdout}${r.stderr}`;
  expect(r.stdout, context).toBe('');
  expect(r.stderr, context).toMatch(/^healthctl: [^\n]+\n$/);
  expect(r.stderr, context).toContain(names);
  expect(r.code, context).toBe(1);
  expect(r.stdout + r.stderr, context).not.toMatch(CRASH);
}

/**
 * Every HEALTHCTL_* variable the code reads, with a value it cannot take. The pattern lists
 * (HEALTHCTL_EXCLUDE, _ONLY, _CRITICAL) take any text, so no value of theirs is bad.
 */
const BAD: ReadonlyArray<readonly [string, string]> = [
  ['HEALTHCTL_TARGET', 'ftp://x/status'],
  ['HEALTHCTL_PROBE', 'bogus'],
  ['HEALTHCTL_RUNTIME', 'k8s'],
  ['HEALTHCTL_RUNTIME', 'Docker'],
  ['HEALTHCTL_FORMAT', 'yaml'],
  ['HEALTHCTL_DEGRADED', 'maybe'],
  ['HEALTHCTL_TIMEOUT', 'soon'],
  ['HEALTHCTL_HEADER', 'Authorization Bearer s3cr3t'],
  ['HEALTHCTL_METHOD', 'POST'],
  ['HEALTHCTL_INSECURE', 'maybe'],
  ['HEALTHCTL_CACERT', '/nonexistent/ca.pem'],
  ['HEALTHCTL_CERT', '/nonexistent/cert.pem'],
  ['HEALTHCTL_KEY', '/nonexistent/key.pem'],
  ['HEALTHCTL_SERVERNAME', 'app.example'],
  ['HEALTHCTL_UNIX_SOCKET', `/run/${'s'.repeat(120)}.sock`],
  ['HEALTHCTL_SERVICE', 'my.Service'],
  ['HEALTHCTL_OUTPUT', 'yaml'],
  ['HEALTHCTL_HEALTH_ADDR', 'not an address'],
  ['HEALTHCTL_VERBOSE', 'maybe'],
  ['HEALTHCTL_WAIT_TIMEOUT', 'soon'],
  ['HEALTHCTL_INTERVAL', 'soon'],
  ['HEALTHCTL_REQUEST_TIMEOUT', 'soon'],
  ['HEALTHCTL_EXTEND_TIMEOUT', 'soon'],
];

const CHECK_VARIABLES = BAD.map(([name]) => name).filter((n) => !['HEALTHCTL_WAIT_TIMEOUT', 'HEALTHCTL_INTERVAL', 'HEALTHCTL_REQUEST_TIMEOUT', 'HEALTHCTL_EXTEND_TIMEOUT'].includes(n));

interface Command {
  name: string;
  /** The arguments for a test of `variable`: no TARGET when it is HEALTHCTL_TARGET, no flag that would override it. */
  args: (target: string | null, variable: string) => string[];
  reads: readonly string[];
}

let refused = 0;
beforeAll(async () => {
  refused = await closedPort();
});

const unless = (variable: string, overridden: string, flag: string[]): string[] => (variable === overridden ? [] : flag);
const targetArg = (t: string | null): string[] => (t === null ? [] : [t]);

const COMMANDS: Command[] = [
  { name: 'probe (fast path)', args: (t, v) => ['probe', ...targetArg(t), ...unless(v, 'HEALTHCTL_TIMEOUT', ['--timeout', '1s'])], reads: CHECK_VARIABLES },
  // `--` is a shape the fast path leaves to commander.
  { name: 'probe (commander)', args: (t, v) => ['probe', ...unless(v, 'HEALTHCTL_TIMEOUT', ['--timeout', '1s']), '--', ...targetArg(t)], reads: CHECK_VARIABLES },
  { name: 'wait', args: (t, v) => ['wait', ...targetArg(t), ...unless(v, 'HEALTHCTL_WAIT_TIMEOUT', ['--timeout', '300ms'])], reads: [...CHECK_VARIABLES, 'HEALTHCTL_WAIT_TIMEOUT', 'HEALTHCTL_INTERVAL', 'HEALTHCTL_REQUEST_TIMEOUT'] },
  { name: 'run', args: (t) => ['run', ...(t === null ? [] : ['--target', t]), '--', 'true'], reads: [...CHECK_VARIABLES, 'HEALTHCTL_INTERVAL', 'HEALTHCTL_EXTEND_TIMEOUT'] },
  { name: 'diagnose', args: (t, v) => ['diagnose', ...targetArg(t), ...unless(v, 'HEALTHCTL_TIMEOUT', ['--timeout', '1s'])], reads: CHECK_VARIABLES },
];

describe.concurrent('a bad HEALTHCTL_* value is one usage line naming the variable, for every command', () => {
  for (const command of COMMANDS) {
    for (const [variable, value] of BAD) {
      const reads = command.reads.includes(variable);
      it(`${command.name}, ${variable}=${JSON.stringify(value)}: ${reads ? 'a usage error' : 'not read, no effect'}`, async () => {
        const target = variable === 'HEALTHCTL_TARGET' || variable === 'HEALTHCTL_HEALTH_ADDR' ? null : `http://127.0.0.1:${refused}/status`;
        const r = await run(command.args(target, variable), { env: { [variable]: value } });
        if (reads) {
          expectOneUsageLine(r, variable, `${command.name} ${variable}`);
          expect(r.stderr).not.toContain('s3cr3t');
        } else {
          const without = await run(command.args(target, variable));
          expect(r.code).toBe(without.code);
          expect(r.stdout + r.stderr).not.toMatch(CRASH);
        }
      });
    }
  }

  it.each(['k8s', 'Docker'])('HEALTHCTL_RUNTIME=%s with an unknown flag: commander\'s error, one line, no crash', async (value) => {
    const r = await run(['probe', '--bogus'], { env: { HEALTHCTL_RUNTIME: value } });
    expectOneUsageLine(r, "unknown option '--bogus'", 'probe --bogus');
  });

  it.each(['HEALTHCTL_PROBE', 'HEALTHCTL_RUNTIME'])('demo reads %s (the form of its own flag) and stops before starting its service', async (variable) => {
    const r = await run(['demo', '--ready-after', '100ms'], { env: { [variable]: 'bogus' } });
    expectOneUsageLine(r, variable, 'demo');
  });

  it('demo ignores every other HEALTHCTL_* variable, bad values and all: it checks its own sample service', async () => {
    const env = Object.fromEntries(BAD.filter(([n]) => n !== 'HEALTHCTL_PROBE' && n !== 'HEALTHCTL_RUNTIME'));
    const r = await run(['demo', '--ready-after', '100ms'], { env });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('readiness fail → pass');
    expect(r.stdout + r.stderr).not.toMatch(CRASH);
  });

  it('init reads no HEALTHCTL_* variable: with every bad value set, it prints what it prints without them', async () => {
    const env = Object.fromEntries(BAD);
    const [withBad, without] = await Promise.all([run(['init', 'docker'], { env }), run(['init', 'docker'])]);
    expect(withBad.code).toBe(0);
    expect(withBad.stdout).toBe(without.stdout);
    const error = await run(['init', 'bogus'], { env });
    expectOneUsageLine(error, "RUNTIME: 'bogus'", 'init bogus');
  });
});

describe.concurrent('-H values that are not `Name: value` echo nothing of themselves', () => {
  // Every word of these appears nowhere in a correct message.
  const MALFORMED = ['Zq1Auth Zq2Bearer Zq3secret', 'Zq1tok=Zq3secret:Zq4', 'Zq3secret', ':Zq3secret', 'Zq1 Bad Zq5name: Zq3secret', 'Zq\u00e9t\u00e9: Zq3secret'];
  const ECHO = /Zq/;
  const target = 'http://127.0.0.1:1/status';
  const FORMS: Array<[string, (value: string) => { args: string[]; env?: NodeJS.ProcessEnv }]> = [
    ['-H (fast path)', (v) => ({ args: ['probe', target, '-H', v] })],
    ['--header= (fast path)', (v) => ({ args: ['probe', target, `--header=${v}`] })],
    ['-vH (commander)', (v) => ({ args: ['probe', target, '-vH', v] })],
    ['HEALTHCTL_HEADER', (v) => ({ args: ['probe', target], env: { HEALTHCTL_HEADER: v } })],
    ['wait -H', (v) => ({ args: ['wait', target, '--timeout', '300ms', '-H', v] })],
    ['diagnose -H', (v) => ({ args: ['diagnose', target, '-H', v] })],
  ];
  for (const [form, build] of FORMS) {
    for (const value of MALFORMED) {
      it(`${form}: ${JSON.stringify(value)}`, async () => {
        const { args, env } = build(value);
        const r = await run([...args, '--runtime', 'docker'], env === undefined ? {} : { env });
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(/^healthctl: (-H\/)?(--header|HEALTHCTL_HEADER)\b[^\n]*expected 'Name: value'[^\n]*\n$/);
        expect(r.stdout + r.stderr).not.toMatch(ECHO);
      });
    }
  }

  it('says which one, when several are given, still without their text', async () => {
    const r = await run(['probe', target, '-H', 'X-Ok: fine', '-H', 'Zq3secret', '--runtime', 'docker']);
    expect(r.stderr).toBe("healthctl: --header (value 2 of 2): expected 'Name: value' with a header name such as X-Api-Key before the colon (the text given is not shown)\n");
  });
});

describe.concurrent('--critical and --exclude patterns that match no reported component', () => {
  let server: HostileServer;
  beforeAll(async () => {
    server = await bytesServer(200, 'text/plain', '{"statuses":{"storage.backend":{"status":"RUNNING"},"xds.cluster":{"status":"RUNNING"}},"checks":["storage.backend","xds.cluster"]}');
  });
  afterAll(() => server.close());
  const url = (): string => `${server.url}/status`;
  const ARGS = ['--critical', 'storage.backnd', '--critical', 'xds.*', '-e', 'authz.*'];
  const WARNINGS = "healthctl: warning: --critical 'storage.backnd' matches no reported component\nhealthctl: warning: --exclude 'authz.*' matches no reported component\n";

  it('get one warning line each on stderr under plain; the verdict is untouched', async () => {
    const r = await run(['probe', url(), '--runtime', 'plain', ...ARGS]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(WARNINGS);
  });

  it('-o json under plain: the warnings on stderr, stdout one document', async () => {
    const r = await run(['probe', url(), '--runtime', 'plain', '-o', 'json', ...ARGS]);
    expect(JSON.parse(r.stdout)).toMatchObject({ outcome: 'pass' });
    expect(r.stderr).toBe(WARNINGS);
  });

  it('diagnose warns too, after its report, whatever runtime it translates for', async () => {
    const r = await run(['diagnose', url(), '--runtime', 'docker', ...ARGS]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(WARNINGS);
  });

  it.each(['docker', 'kubernetes'] as const)('nothing under %s: its few KiB of output are the verdict\'s', async (runtime) => {
    const r = await run(['probe', url(), '--runtime', runtime, ...ARGS]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });

  it('no warning for patterns that match, whether the components pass or not', async () => {
    const r = await run(['probe', url(), '--runtime', 'plain', '--critical', 'storage.backend', '-e', 'xds.*']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });
});
