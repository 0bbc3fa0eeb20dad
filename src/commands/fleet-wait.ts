import type { Io } from '../base/io.js';
import { resolveCheckOptions } from '../config/check-options.js';
import type { WaitFlags } from '../config/command-flags.js';
import { setupFleet } from '../fleet/setup.js';
import { waitForFleet } from '../fleet/wait.js';
import { attemptFlags, resolveWaitTiming } from '../wait/timing.js';

/**
 * `healthctl wait` over a fleet: each target polled on its own until --require holds; when the
 * wait runs out, the exit code of the fleet's worst failing outcome and the targets still failing.
 */
export async function fleetWaitCommand(targets: readonly string[], flags: WaitFlags, io: Io): Promise<number> {
  const timing = resolveWaitTiming(flags, io.env);
  const perAttempt = attemptFlags(flags, timing.requestTimeout);
  const setup = await setupFleet(targets, flags, io, (target) => resolveCheckOptions(target, perAttempt, io.env, io.stdoutIsTTY));
  return waitForFleet(setup, timing, io);
}
