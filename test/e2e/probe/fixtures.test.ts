import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, runCli } from '../../helpers/cli.js';
import { serveBody, type TestServer } from '../../helpers/http-server.js';

interface FixtureCase {
  file: string;
  status: number;
  contentType: string;
  format: string;
  expect: Record<'startup' | 'liveness' | 'readiness', 'pass' | 'warn' | 'fail'>;
}

const cases = (JSON.parse(readFileSync(join(FIXTURES, 'cases.json'), 'utf8')) as { cases: FixtureCase[] }).cases;

/** The exit code of each verdict per runtime, as in the README's table. */
const EXIT: Record<string, Record<'pass' | 'warn' | 'fail', number>> = {
  plain: { pass: 0, warn: 0, fail: 4 },
  kubernetes: { pass: 0, warn: 0, fail: 4 },
  docker: { pass: 0, warn: 0, fail: 1 },
  nagios: { pass: 0, warn: 1, fail: 2 },
};

const servers = new Map<string, TestServer>();

beforeAll(async () => {
  for (const c of cases) servers.set(c.file, await serveBody(c.status, c.contentType, readFileSync(join(FIXTURES, c.file), 'utf8')));
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
    const url = `${servers.get(c.file)?.url ?? ''}/health`;
    // The deadline is not under test here; a loaded test machine must not turn rows into timeouts.
    const text = await runCli(['probe', url, '--probe', probe, '--runtime', runtime, '--timeout', '20s']);
    expect(text.stderr).toBe('');
    expect(text.code).toBe(EXIT[runtime]?.[expected]);

    const json = await runCli(['probe', url, '--probe', probe, '--runtime', runtime, '--timeout', '20s', '-o', 'json']);
    const report = JSON.parse(json.stdout) as { format: string; outcome: string; exitCode: number; schema: string };
    expect(report).toMatchObject({ schema: 'healthctl/v1', format: c.format, outcome: expected, exitCode: json.code });
  });
});
