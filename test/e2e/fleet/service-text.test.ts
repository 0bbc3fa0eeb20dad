import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUNTIME_NAMES } from '../../../src/runtimes/facts.js';
import { runCli } from '../../helpers/cli.js';
import { startFleet, type TestFleet } from '../../helpers/fleet.js';
import { forbiddenIn, HOSTILE_TEXTS } from '../../helpers/inert.js';
import { start } from '../diagnose/process.js';

// A replica's own text (a component's error) is data in every fleet output: nothing of it acts on a terminal, a journal or Nagios.
describe('a fleet whose replica reports hostile text', () => {
  let fleet: TestFleet;
  const hostile = Object.values(HOSTILE_TEXTS).join(' ');
  beforeAll(async () => {
    fleet = await startFleet(['ready', 'failing', 'ready']);
    fleet.health(1).failed('storage.backend', hostile);
  });
  afterAll(async () => {
    await fleet.close();
  });
  const targets = (): string[] => [0, 1, 2].map((i) => fleet.url(i));

  it.each(RUNTIME_NAMES)('probe under %s: every line free of the service\'s control characters, Nagios of its |', async (runtime) => {
    const r = await runCli(['probe', ...targets(), '--runtime', runtime, '--timeout', '10s']);
    expect(r.stdout).toContain('storage.backend failed: wipe\\x1b[2J');
    expect(forbiddenIn(r.stdout)).toBeNull();
    if (runtime === 'nagios') for (const line of r.stdout.trimEnd().split('\n')) expect(line.split('|').length, line).toBeLessThanOrEqual(2);
  });

  it('diagnose, wait and --watch too', async () => {
    const diagnose = await runCli(['diagnose', ...targets(), '--runtime', 'plain']);
    expect(diagnose.stdout).toContain('wipe\\x1b[2J');
    expect(forbiddenIn(diagnose.stdout)).toBeNull();
    const wait = await runCli(['wait', ...targets(), '--runtime', 'plain', '--timeout', '1s']);
    expect(wait.code).toBe(4);
    expect(forbiddenIn(wait.stdout + wait.stderr)).toBeNull();
    expect(wait.stderr).toContain('fake\\rREADY: all good');
    const watch = start(['diagnose', '--watch', '200ms', ...targets(), '--runtime', 'plain']);
    await watch.waitFor(/watching 3 targets/);
    fleet.health(1).clearError('storage.backend');
    await watch.waitFor(/readiness fail → pass/);
    fleet.health(1).failed('storage.backend', hostile);
    await watch.waitFor(/readiness pass → fail/);
    watch.child.kill('SIGINT');
    await watch.exited;
    expect(forbiddenIn(watch.stdout())).toBeNull();
  }, 30_000);
});
