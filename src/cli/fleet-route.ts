import type { FleetFlags } from '../fleet/setup.js';
import { fleetOptionsInEnv } from './probe-fast.js';

/**
 * Whether these arguments make a fleet. A single target with --require or --concurrency is
 * not one, but those are still checked (as for a fleet of one). The fleet's code loads only
 * when a fleet flag or variable is there.
 */
export async function isFleetRun(targets: readonly string[], flags: FleetFlags, env: NodeJS.ProcessEnv): Promise<boolean> {
  const given = flags.targetsFrom !== undefined || flags.eachAddress !== undefined || flags.require !== undefined || flags.concurrency !== undefined;
  if (targets.length <= 1 && !given && !fleetOptionsInEnv(env)) return false;
  const { isFleet, resolveFleetLimits } = await import('../fleet/setup.js');
  if (isFleet(targets, flags, env)) return true;
  resolveFleetLimits(flags, env, 1);
  return false;
}

/** A word after --watch that does not start with a digit is one more TARGET (commander took it for INTERVAL), as for one target. */
export function splitWatch(targets: readonly string[], watch: string | boolean | undefined): { targets: string[]; watch: string | boolean | undefined } {
  if (typeof watch === 'string' && !/^\s*\d/.test(watch)) return { targets: [watch, ...targets], watch: true };
  return { targets: [...targets], watch };
}
