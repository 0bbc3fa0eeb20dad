import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { HealthReporter, serveHealth } from '../../../src/sample/index.js';
import { cliShellCommand } from '../../helpers/cli.js';
import { checkComponent } from '../../helpers/require-component.js';
import { stopTmuxServer } from '../../helpers/tmux.js';

/**
 * The live view as a person sees it: tmux runs the built binary in a 120×40 terminal,
 * capture-pane reads the screen. A private tmux server (-L) keeps these sessions apart.
 */
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const skip = checkComponent('tmux', hasTmux ? null : 'tmux is not installed') !== null;
const SOCKET = `healthctl-test-${process.pid}`;

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
}

function screen(session: string): string[] {
  return tmux('capture-pane', '-p', '-t', session).split('\n');
}

/** Scrollback lines and whether the alternate screen is on. */
function state(session: string): { history: number; alternate: boolean } {
  const [history = '', alternate = ''] = tmux('display-message', '-p', '-t', session, '#{history_size} #{alternate_on}').trim().split(' ');
  return { history: Number(history), alternate: alternate === '1' };
}

async function until(session: string, pattern: RegExp, ms = 15_000): Promise<string[]> {
  const started = Date.now();
  for (;;) {
    const lines = screen(session);
    if (pattern.test(lines.join('\n'))) return lines;
    if (Date.now() - started > ms) throw new Error(`no ${pattern} on screen after ${ms}ms:\n${lines.join('\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function run(session: string, command: string): void {
  const env = 'env -u NO_COLOR -u FORCE_COLOR -u KUBERNETES_SERVICE_HOST -u HEALTHCTL_RUNTIME TERM=xterm-256color';
  tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '40', `${env} ${cliShellCommand()} ${command}; echo EXITED $?; sleep 600`);
}

afterAll(() => {
  if (hasTmux) stopTmuxServer(SOCKET);
});

describe.skipIf(skip)('in a terminal (tmux)', () => {
  it('healthctl demo: the report refreshes in place at the top of the screen, and Ctrl-C shows the summary', async () => {
    run('demo', 'demo --ready-after 3s --runtime plain');
    const first = await until('demo', /NOT READY/);
    expect(first[0]).toMatch(/^healthctl diagnose · http:\/\/127\.0\.0\.1:\d+\/status$/);
    expect(state('demo')).toEqual({ history: 0, alternate: true });

    const ready = await until('demo', /✓ READY: 8 of 8 components ready/);
    expect(ready[0]).toBe(first[0]);
    expect(ready.join('\n')).not.toBe(first.join('\n'));
    expect(ready.join('\n')).toMatch(/Recent transitions\n(.*\n)*\s+\d\d:\d\d:\d\d readiness fail → pass: READY: 8 of 8 components ready/);
    expect(ready.join('\n')).toMatch(/^[ »] ✓ proxy\.service\s+required\s+running\s+ok/m);
    expect(ready.join('\n')).toContain('kubernetes exit 0 · docker exit 0 · ecs exit 0 · systemd exit 0 · nagios exit 0');
    expect(ready.filter((l) => l.startsWith('healthctl diagnose'))).toHaveLength(1);
    expect(state('demo').history).toBe(0);

    tmux('send-keys', '-t', 'demo', 'C-c');
    const end = await until('demo', /EXITED \d+/);
    const text = end.join('\n');
    expect(text).toMatch(/Watched for [\d.]+m?s \(\d+ checks\)\n {2}time to ready: [\d.]+s\n {2}transitions: \d+\n {2}flapped: none\n {2}last: READY: 8 of 8 components ready\nsample service received SIGINT: draining for 1500 ms\nsample service stopped\nEXITED 0/);
    expect(state('demo').alternate).toBe(false);
  }, 60_000);

  it('diagnose --watch marks what changed, and the summary names what flapped', async () => {
    const health = new HealthReporter({ required: ['authorize.service', 'storage.backend'] });
    health.starting('authorize.service');
    health.running('storage.backend', { backend: 'postgres' });
    const server = await serveHealth(health, { port: 0 });
    try {
      run('watch', `diagnose ${server.url}/status --runtime kubernetes --watch 300ms`);
      const first = await until('watch', /✗ NOT READY: 1 of 2 components not ready: authorize\.service starting/);
      expect(first.join('\n')).toMatch(/^ {2}✗ authorize\.service\s+required\s+starting\s+ok$/m);

      health.running('authorize.service');
      const changed = await until('watch', /» ✓ authorize\.service/);
      expect(changed.join('\n')).toMatch(/^» ✓ authorize\.service\s+required\s+running\s+ok {2}\(was starting\)$/m);
      // the mark lasts one refresh
      await until('watch', /^ {2}✓ authorize\.service/m);

      health.failed('storage.backend', 'ping postgres: context deadline exceeded');
      const failing = await until('watch', /» ✗ storage\.backend/);
      expect(failing.join('\n')).toMatch(/^» ✗ storage\.backend\s+required\s+running\s+failed {2}ping postgres: context deadline exceeded {2}\(was running\)$/m);
      expect(failing.join('\n')).toContain('kubernetes exit 4 · docker exit 1 · ecs exit 4 · systemd exit 4 · nagios exit 2');
      health.clearError('storage.backend');
      await until('watch', /✓ READY: 2 of 2 components ready/);
      expect(state('watch')).toEqual({ history: 0, alternate: true });

      tmux('send-keys', '-t', 'watch', 'C-c');
      const end = (await until('watch', /EXITED \d+/)).join('\n');
      expect(end).toMatch(/ {2}time to ready: [\d.]+m?s\n {2}transitions: 3\n {2}flapped: storage\.backend \(1×\)\n {2}last: READY: 2 of 2 components ready\nEXITED 0/);
    } finally {
      await server.close();
    }
  }, 60_000);
});
