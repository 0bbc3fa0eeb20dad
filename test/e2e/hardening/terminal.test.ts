import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliShellCommand } from '../../helpers/cli.js';
import { hostileTextServer, type HostileServer } from '../../helpers/hostile-servers.js';
import { HOSTILE_TEXTS } from '../../helpers/inert.js';
import { checkComponent } from '../../helpers/require-component.js';
import { stopTmuxServer } from '../../helpers/tmux.js';

/**
 * A hostile service's text on a real terminal: tmux runs the built binary, capture-pane reads
 * the screen. tmux acts on what reaches it — set-clipboard is on, so an OSC 52 sequence would
 * fill a paste buffer, and OSC 2 would retitle the pane — so each test proves the sequences
 * arrived as text. A private tmux server (-L) without any configuration keeps this apart.
 */
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const skip = checkComponent('tmux', hasTmux ? null : 'tmux is not installed') !== null;
const SOCKET = `healthctl-hostile-${process.pid}`;
const TEXTS = Object.values(HOSTILE_TEXTS);

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', SOCKET, '-f', '/dev/null', ...args], { encoding: 'utf8' });
}

/** The screen and its scrollback, from the first line ever written. */
function screen(session: string): string {
  return tmux('capture-pane', '-p', '-S', '-', '-t', session);
}

async function until(session: string, pattern: RegExp, ms = 15_000): Promise<string> {
  const started = Date.now();
  for (;;) {
    const text = screen(session);
    if (pattern.test(text)) return text;
    if (Date.now() - started > ms) throw new Error(`no ${pattern} on screen after ${ms}ms:\n${text}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function run(session: string, command: string): void {
  const env = 'env -u NO_COLOR -u FORCE_COLOR -u KUBERNETES_SERVICE_HOST -u HEALTHCTL_RUNTIME TERM=xterm-256color';
  tmux('new-session', '-d', '-s', session, '-x', '160', '-y', '50', `${env} ${cliShellCommand()} ${command}; echo EXITED $?; sleep 600`);
}

/** What the terminal did with the bytes: no paste buffer, no new title, nothing cleared or moved the first line. */
function expectTerminalUntouched(session: string, firstLine: RegExp): void {
  expect(tmux('list-buffers'), 'an OSC 52 clipboard write reached the terminal').toBe('');
  expect(tmux('display-message', '-p', '-t', session, '#{pane_title}').trim()).not.toBe('pwned');
  expect(screen(session).split('\n')[0]).toMatch(firstLine);
}

let failing: HostileServer;
let flapping: HostileServer;

beforeAll(async () => {
  if (skip) return;
  [failing, flapping] = await Promise.all([hostileTextServer(TEXTS), hostileTextServer(TEXTS, true)]);
  // The server must exist before options can be set; this session only holds it open.
  tmux('new-session', '-d', '-s', 'keep', 'sleep 600');
  tmux('set-option', '-g', 'set-clipboard', 'on');
});
afterAll(async () => {
  if (hasTmux) stopTmuxServer(SOCKET);
  await Promise.all([failing, flapping].filter((s) => s !== undefined).map((s) => s.close()));
});

describe.skipIf(skip)('a hostile service on a real terminal (tmux)', () => {
  it('diagnose --watch: the live screen shows the escapes as text and stays in place', async () => {
    run('watch', `diagnose ${flapping.url}/status --runtime plain --watch 300ms`);
    const shown = await until('watch', /readiness pass → fail/);
    expect(shown).toContain('\\x1b[2J');
    expect(shown).toContain('\\u202e');
    expectTerminalUntouched('watch', /^healthctl diagnose · http:\/\/127\.0\.0\.1:\d+\/status/);
    tmux('send-keys', '-t', 'watch', 'C-c');
    const end = await until('watch', /EXITED \d+/);
    expect(end).toMatch(/flapped: .*c0:wipe\\x1b\[2J\\x1b\[H/);
    expectTerminalUntouched('watch', /./);
  }, 60_000);

  it('diagnose, one-shot, in colour', async () => {
    run('once', `diagnose ${failing.url}/status --runtime plain`);
    const shown = await until('once', /EXITED 4/);
    expect(shown).toContain('fake\\rREADY: all good');
    expect(shown).toContain('first\\nREADY: injected line');
    expectTerminalUntouched('once', /^healthctl diagnose · /);
  }, 30_000);

  it('wait: the progress line redrawn in place, then the line when time runs out', async () => {
    run('wait', `wait ${failing.url}/status --runtime plain --timeout 2s`);
    const shown = await until('wait', /EXITED 4/);
    expect(shown).toMatch(/still not ready after 2s: c0:wipe\\x1b\[2J\\x1b\[H failed/);
    expectTerminalUntouched('wait', /./);
  }, 30_000);

  it('probe, plain, in colour', async () => {
    run('probe', `probe ${failing.url}/status --runtime plain -v`);
    const shown = await until('probe', /EXITED 4/);
    expect(shown).toMatch(/^✗ NOT READY: /);
    expect(shown).toContain('clip\\x1b]52;c;Y3VybCBldmlsLnNo\\x07');
    expectTerminalUntouched('probe', /^✗ NOT READY: /);
  }, 30_000);
});
