import { closeSync, readFileSync } from 'node:fs';
import { isatty } from 'node:tty';
import { pause } from '../base/sleep.js';

/**
 * Whether this process has a controlling terminal now: field 7 (tty_nr) of /proc/self/stat,
 * which the kernel clears when the terminal hangs up. Without /proc: whether a standard
 * stream is a terminal.
 */
export function hasControllingTerminal(): boolean {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count from its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[4]) !== 0;
  } catch {
    return isatty(0) || isatty(1) || isatty(2);
  }
}

/** The kernel may still be detaching the terminal when SIGHUP is handled: look again after this long. */
const HANGUP_SETTLE_MS = 100;

/**
 * Whether a SIGHUP came from the terminal hanging up: healthctl started with a controlling
 * terminal and has lost it. A SIGHUP sent on purpose (`kill -HUP`, systemd's reload) leaves
 * the terminal, or there never was one.
 */
export async function terminalHungUp(startedOnTerminal: boolean): Promise<boolean> {
  if (!startedOnTerminal) return false;
  if (!hasControllingTerminal()) return true;
  await pause(HANGUP_SETTLE_MS);
  return !hasControllingTerminal();
}

/**
 * After a hangup: Node resets the terminal's modes as it exits and can crash when that fails
 * (the terminal is gone), so at exit let go of the standard streams first.
 */
export function releaseTerminalAtExit(): void {
  process.once('exit', () => {
    for (const fd of [0, 1, 2]) {
      try {
        closeSync(fd);
      } catch {
        // Already closed.
      }
    }
  });
}
