import { parseDuration } from '../base/durations.js';
import { usageError } from '../base/errors.js';
import type { Io } from '../base/io.js';
import { resolveCheckOptions } from '../config/check-options.js';
import { RUN_FLAGS, type RunFlags } from '../config/command-flags.js';
import { readFlag } from '../config/flags.js';
import { supervise } from '../systemd/supervise.js';

const DEFAULT_RUN_INTERVAL_MS = 1000;
const DEFAULT_EXTEND_MS = 30_000;

function duration(flags: RunFlags, env: NodeJS.ProcessEnv, key: 'interval' | 'extendTimeout', fallback: number): number {
  const setting = readFlag(RUN_FLAGS, key, flags[key], env, String);
  return setting === undefined ? fallback : parseDuration(setting.value, setting.from);
}

/** Starts CMD, watches its health and speaks systemd's notify protocol for it; returns CMD's exit status. */
export async function runCommand(argv: readonly string[], flags: RunFlags, io: Io): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined || command === '') throw usageError('run needs a command: healthctl run [OPTIONS] -- CMD [ARGS...]');
  const options = resolveCheckOptions(flags.target, flags, io.env, io.stdoutIsTTY);
  const intervalMs = duration(flags, io.env, 'interval', DEFAULT_RUN_INTERVAL_MS);
  const extendMs = duration(flags, io.env, 'extendTimeout', DEFAULT_EXTEND_MS);
  return supervise({ command, args, options, intervalMs, extendMs }, io);
}
