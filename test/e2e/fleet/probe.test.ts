import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES, RUNTIME_NAMES } from '../../../src/runtimes/facts.js';
import { runCli } from '../../helpers/cli.js';
import { startFleet, type TestFleet } from '../../helpers/fleet.js';
import { fleetValidator } from '../../unit/fleet/support.js';

const validate = fleetValidator();
const escape = (text: string): string => text.replace(/[.?]/g, '\\$&');

describe('probe over three replicas on 127.0.0.1, .2 and .3, one port', () => {
  let all: TestFleet;
  let oneFailing: TestFleet;
  let oneSilent: TestFleet;
  beforeAll(async () => {
    [all, oneFailing, oneSilent] = await Promise.all([startFleet(['ready', 'ready', 'ready']), startFleet(['ready', 'failing', 'ready']), startFleet(['ready', 'ready', 'silent'])]);
  });
  afterAll(async () => {
    await Promise.all([all, oneFailing, oneSilent].map((f) => f.close()));
  });
  const targets = (f: TestFleet): string[] => [0, 1, 2].map((i) => f.url(i));

  it.each(RUNTIME_NAMES)('all ready under %s: exit 0, every target named', async (runtime) => {
    const r = await runCli(['probe', ...targets(all), '--runtime', runtime, '--timeout', '10s']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    for (const i of [0, 1, 2]) expect(r.stdout).toMatch(new RegExp(`${escape(all.url(i))}(?:: | {2})READY: 2 of 2 components ready`));
    expect(r.stdout).toContain('READY: 3 of 3 targets ready');
  });

  it.each(RUNTIME_NAMES)('one failing under %s: that runtime\'s code for fail, the failing replica named with its component', async (runtime) => {
    const r = await runCli(['probe', ...targets(oneFailing), '--runtime', runtime, '--timeout', '10s']);
    expect(r.code, r.stdout + r.stderr).toBe(EXIT_CODES[runtime].fail);
    const first = r.stdout.split('\n')[0] ?? '';
    const summary = `NOT READY: 2 of 3 targets ready; ${oneFailing.url(1)}: storage.backend failed: ping postgres: timeout`;
    if (runtime === 'plain' || runtime === 'systemd') expect(r.stdout).toContain(summary);
    else expect(first).toBe(runtime === 'nagios' ? `HEALTHCTL CRITICAL - ${summary} | targets=3;;;0 passing=2;;;0 required=3;;;0` : summary);
    expect(r.stdout).toMatch(new RegExp(`${escape(oneFailing.url(1))}(?:: | {2})NOT READY: 1 of 2 components not ready: storage\\.backend failed: ping postgres: timeout`));
  });

  it('one failing, -o json: a valid healthctl-fleet/v1 document naming it, with each replica\'s own report', async () => {
    const r = await runCli(['probe', ...targets(oneFailing), '--runtime', 'docker', '--timeout', '10s', '-o', 'json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(validate(doc)).toBeNull();
    expect(doc).toMatchObject({ held: false, outcome: 'fail', exitCode: 1, counts: { targets: 3, passing: 2, required: 3, outcomes: { pass: 2, fail: 1 } } });
    expect(doc.targets.map((t: { report: { outcome: string; address: string } }) => [t.report.outcome, t.report.address])).toEqual([
      ['pass', `127.0.0.1:${oneFailing.port}`],
      ['fail', `127.0.0.2:${oneFailing.port}`],
      ['pass', `127.0.0.3:${oneFailing.port}`],
    ]);
  });

  it('one not answering: its own timeout, the others still answered, and no more time than that one target alone takes', async () => {
    const fleetRun = await runCli(['probe', ...targets(oneSilent), '--runtime', 'plain', '--timeout', '1500ms']);
    const alone = await runCli(['probe', oneSilent.url(2), '--runtime', 'plain', '--timeout', '1500ms']);
    expect(alone.code).toBe(3);
    expect(fleetRun.code, fleetRun.stdout).toBe(3);
    const lines = fleetRun.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^✓ ${escape(oneSilent.url(0))}  READY: 2 of 2 components ready · `));
    expect(lines[1]).toMatch(/^✓ .*READY: 2 of 2 components ready · /);
    expect(lines[2]).toContain(`✗ ${oneSilent.url(2)}  TIMEOUT: timeout after 1.5s waiting for first byte from 127.0.0.3:${oneSilent.port}`);
    expect(lines[3]).toBe(`✗ NOT READY: 2 of 3 targets ready; ${oneSilent.url(2)}: TIMEOUT: timeout after 1.5s waiting for first byte from 127.0.0.3:${oneSilent.port}`);
    // Side by side: the fleet waits for its slowest replica, not for anything more.
    expect(fleetRun.ms).toBeLessThan(alone.ms * 1.6 + 300);
  });

  it.each([
    ['any', 0, 'READY: 1 of 3 targets ready (1 required)'],
    ['2', 4, 'NOT READY: 1 of 3 targets ready (2 required)'],
    ['66%', 4, 'NOT READY: 1 of 3 targets ready (2 required)'],
    ['33%', 0, 'READY: 1 of 3 targets ready (1 required)'],
  ])('--require %s with one failing and one silent replica: exit %i', async (require, code, head) => {
    const f = await startFleet(['ready', 'failing', 'silent']);
    try {
      const r = await runCli(['probe', ...targets(f), '--require', require, '--runtime', 'plain', '--timeout', '1s']);
      expect(r.code, r.stdout + r.stderr).toBe(code);
      expect(r.stdout).toContain(`${head}; ${f.url(1)}: storage.backend failed: ping postgres: timeout; ${f.url(2)}: TIMEOUT`);
    } finally {
      await f.close();
    }
  });

  it('--require and --concurrency come from the environment too; a bad value names its flag or variable', async () => {
    const env = { HEALTHCTL_REQUIRE: 'any', HEALTHCTL_CONCURRENCY: '1' };
    const ok = await runCli(['probe', oneFailing.url(0), oneFailing.url(1), '--runtime', 'plain'], { env });
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toContain('READY: 1 of 2 targets ready (1 required)');
    const tooMany = await runCli(['probe', oneFailing.url(0), oneFailing.url(1), '--require', '3', '--runtime', 'docker']);
    expect(tooMany).toMatchObject({ code: 1, stdout: '', stderr: 'healthctl: --require: 3 targets required, but only 2 given\n' });
    const fromEnv = await runCli(['probe', oneFailing.url(0), '--runtime', 'plain'], { env: { HEALTHCTL_REQUIRE: '101%' } });
    expect(fromEnv).toMatchObject({ code: 1, stdout: '', stderr: "healthctl: HEALTHCTL_REQUIRE: '101%' is not a percentage from 1% to 100%\n" });
    const concurrency = await runCli(['probe', oneFailing.url(0), oneFailing.url(1), '--concurrency', '0', '--runtime', 'nagios']);
    expect(concurrency).toMatchObject({ code: 3, stderr: "healthctl: --concurrency: '0' is not a number of checks from 1 to 1024\n" });
  });

  it('--targets-from - reads standard input, after the TARGET arguments, comments and duplicates skipped', async () => {
    const input = `# replicas\n${oneFailing.url(1)}\n\n127.0.0.3:${oneFailing.port}   # the third\n${oneFailing.url(0)}\n`;
    const r = await runCli(['probe', oneFailing.url(0), '--targets-from', '-', '--runtime', 'systemd', '--timeout', '10s'], { input });
    expect(r.code).toBe(4);
    expect(r.stdout.split('\n').slice(0, 3).map((l) => l.split(': ')[0])).toEqual([oneFailing.url(0), oneFailing.url(1), oneFailing.url(2)]);
    const fromEnv = await runCli(['probe', '--runtime', 'plain', '--timeout', '10s'], { input: `${all.url(0)}\n${all.url(1)}\n`, env: { HEALTHCTL_TARGETS_FROM: '-' } });
    expect(fromEnv.code).toBe(0);
    expect(fromEnv.stdout).toContain('READY: 2 of 2 targets ready');
    const empty = await runCli(['probe', '--targets-from', '-', '--runtime', 'plain'], { input: '# nothing\n' });
    expect(empty).toMatchObject({ code: 1, stderr: 'healthctl: --targets-from -: no targets in it, and no TARGET argument\n' });
  });

  it('docker keeps 4096 bytes: with 60 targets the summary comes first and survives, the cut lines are counted', async () => {
    const sixty = Array.from({ length: 60 }, (_, i) => oneFailing.url(i % 3, `/status?replica=${i}`));
    const r = await runCli(['probe', ...sixty, '--runtime', 'docker', '--timeout', '10s']);
    expect(r.code).toBe(1);
    expect(Buffer.byteLength(r.stdout)).toBeLessThanOrEqual(4096);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NOT READY: 40 of 60 targets ready; http:\/\/127\.0\.0\.2:\d+\/status\?replica=1: storage\.backend failed: ping postgres: timeout; /);
    expect(lines.at(-2)).toMatch(/^… \d+ more target lines cut to fit docker's 4096 bytes$/);
    expect(lines.at(-1)).toBe('probe=readiness require=all targets=60');
    const json = await runCli(['probe', ...sixty, '--runtime', 'docker', '--timeout', '10s', '-o', 'json']);
    expect(Buffer.byteLength(json.stdout)).toBeLessThanOrEqual(4096);
    const doc = JSON.parse(json.stdout);
    expect(validate(doc)).toBeNull();
    expect(doc.counts).toMatchObject({ targets: 60, passing: 40 });
  });

  it('-a is one address: with several targets it is a usage error', async () => {
    const r = await runCli(['probe', '-a', `127.0.0.1:${all.port}`, '--targets-from', '-', '--runtime', 'plain'], { input: `${all.url(1)}\n` });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('healthctl: -a/--health-addr checks one address; for several, give each as a TARGET (HOST:PORT reads its /status)\n');
  });
});
