import { FLEET_FLAGS, flagKeys, type FleetFlags } from '../config/flags.js';
import { fleetOptionsInEnv } from './probe-fast.js';

/**
 * Whether these arguments make a fleet. A single target with --require or --concurrency is
 * not one, but those are still checked (as for a fleet of one). The fleet's code loads only
 * when a fleet flag or variable is there.
 */
async function isFleetRun(targets: readonly string[], flags: FleetFlags, env: NodeJS.ProcessEnv): Promise<boolean> {
  const given = flagKeys(FLEET_FLAGS).some((key) => flags[key] !== undefined);
  if (targets.length <= 1 && !given && !fleetOptionsInEnv(env)) return false;
  const { isFleet, resolveFleetLimits } = await import('../fleet/setup.js');
  if (isFleet(targets, flags, env)) return true;
  resolveFleetLimits(flags, env, 1);
  return false;
}

/** The fleet's command when the arguments make a fleet, else the single target's; each loads only when it runs. */
export async function byTargets(targets: readonly string[], flags: FleetFlags, env: NodeJS.ProcessEnv, commands: { fleet(): Promise<number>; one(): Promise<number> }): Promise<number> {
  return (await isFleetRun(targets, flags, env)) ? commands.fleet() : commands.one();
}

/** A word after --watch that does not start with a digit is one more TARGET (commander took it for INTERVAL), as for one target. */
export function splitWatch(targets: readonly string[], watch: string | boolean | undefined): { targets: string[]; watch: string | boolean | undefined } {
  if (typeof watch === 'string' && !/^\s*\d/.test(watch)) return { targets: [watch, ...targets], watch: true };
  return { targets: [...targets], watch };
}
