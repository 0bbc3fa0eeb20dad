import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { cliShellCommand } from './cli.js';

/**
 * The built binary in a terminal as a person sees it: tmux runs it in a 120×40 terminal,
 * capture-pane reads the screen. A private tmux server (-L) keeps these sessions apart.
 */
export const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const SOCKET = `healthctl-test-${process.pid}`;

export function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
}

export function screen(session: string): string[] {
  return tmux('capture-pane', '-p', '-t', session).split('\n');
}

/** Scrollback lines and whether the alternate screen is on. */
export function state(session: string): { history: number; alternate: boolean } {
  const [history = '', alternate = ''] = tmux('display-message', '-p', '-t', session, '#{history_size} #{alternate_on}').trim().split(' ');
  return { history: Number(history), alternate: alternate === '1' };
}

/** The screen once it matches `pattern`; throws with the screen after `ms`. */
export async function until(session: string, pattern: RegExp, ms = 15_000): Promise<string[]> {
  const started = Date.now();
  for (;;) {
    const lines = screen(session);
    if (pattern.test(lines.join('\n'))) return lines;
    if (Date.now() - started > ms) throw new Error(`no ${pattern} on screen after ${ms}ms:\n${lines.join('\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts `healthctl COMMAND` in a new 120×40 session; `EXITED <status>` follows its end. */
export function run(session: string, command: string): void {
  const env = 'env -u NO_COLOR -u FORCE_COLOR -u KUBERNETES_SERVICE_HOST -u HEALTHCTL_RUNTIME TERM=xterm-256color';
  tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '40', `${env} ${cliShellCommand()} ${command}; echo EXITED $?; sleep 600`);
}

/**
 * Ends a private tmux server (`tmux -L NAME`) and removes its socket file, which tmux leaves
 * behind (also when the server already ended with its last session).
 */
export function stopTmuxServer(name: string): void {
  spawnSync('tmux', ['-L', name, 'kill-server']);
  rmSync(join(process.env['TMUX_TMPDIR'] ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`, name), { force: true });
}

/** Ends this test file's tmux server. */
export function killTmuxServer(): void {
  if (hasTmux) stopTmuxServer(SOCKET);
}
