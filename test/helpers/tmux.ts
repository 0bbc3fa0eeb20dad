import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Ends a private tmux server (`tmux -L NAME`) and removes its socket file, which tmux leaves
 * behind (also when the server already ended with its last session).
 */
export function stopTmuxServer(name: string): void {
  spawnSync('tmux', ['-L', name, 'kill-server']);
  rmSync(join(process.env['TMUX_TMPDIR'] ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`, name), { force: true });
}
