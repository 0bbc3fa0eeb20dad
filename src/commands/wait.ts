import type { Io } from '../base/io.js';
import { resolveCheckOptions } from '../config/check-options.js';
import type { WaitFlags } from '../config/command-flags.js';
import { waitForPass } from '../wait/session.js';
import { attemptFlags, resolveWaitTiming } from '../wait/timing.js';

/** Polls until the probe passes (exit 0) or the wait runs out (the last attempt's exit code, and what still failed). */
export async function waitCommand(target: string | undefined, flags: WaitFlags, io: Io): Promise<number> {
  const timing = resolveWaitTiming(flags, io.env);
  const options = resolveCheckOptions(target, attemptFlags(flags, timing.requestTimeout), io.env, io.stdoutIsTTY);
  return waitForPass(options, timing, io);
}
