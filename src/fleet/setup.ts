import { usageError } from '../base/errors.js';
import type { Io } from '../base/io.js';
import type { CheckOptions } from '../config/check-options.js';
import { parseBoolean, type Setting } from '../config/env.js';
import { CHECK_FLAGS, FLEET_FLAGS, readFlag, type FleetFlags } from '../config/flags.js';
import { checkRequirementFits, DEFAULT_REQUIREMENT, parseConcurrency, parseRequirement, type Requirement } from '../reports/requirement.js';
import { readTargetsFrom } from './targets-from.js';

export const DEFAULT_CONCURRENCY = 16;

export interface FleetSetup {
  /** Every target given, in order (TARGET arguments first, then --targets-from), duplicates dropped. */
  targets: CheckOptions[];
  eachAddress: boolean;
  requirement: Requirement;
  concurrency: number;
}

type Env = NodeJS.ProcessEnv;

function fleetFlag(key: 'targetsFrom' | 'require' | 'concurrency', flags: FleetFlags, env: Env): Setting<string> | undefined {
  return readFlag(FLEET_FLAGS, key, flags[key], env, String);
}

function eachAddress(flags: FleetFlags, env: Env): boolean {
  return readFlag(FLEET_FLAGS, 'eachAddress', flags.eachAddress, env, parseBoolean)?.value ?? false;
}

/** A fleet: more than one TARGET, or a list (--targets-from), or names to expand (--each-address); flags or environment. */
export function isFleet(targets: readonly string[], flags: FleetFlags, env: Env): boolean {
  return targets.length > 1 || fleetFlag('targetsFrom', flags, env) !== undefined || eachAddress(flags, env);
}

/** --require and --concurrency, checked against the number of targets given (one, for a single target). */
export function resolveFleetLimits(flags: FleetFlags, env: Env, targets: number): { requirement: Requirement; concurrency: number } {
  const require = fleetFlag('require', flags, env);
  const requirement = require === undefined ? DEFAULT_REQUIREMENT : parseRequirement(require.value, require.from);
  checkRequirementFits(requirement, targets, require?.from ?? '--require');
  const concurrency = fleetFlag('concurrency', flags, env);
  return { requirement, concurrency: concurrency === undefined ? DEFAULT_CONCURRENCY : parseConcurrency(concurrency.value, concurrency.from) };
}

/** What makes two targets the same check: `127.0.0.1:8080` and `http://127.0.0.1:8080/status` are one. */
function targetKey(options: CheckOptions): string {
  const t = options.target;
  if (t.kind === 'http') return t.url.href;
  if (t.kind === 'tcp') return `tcp|${t.host}|${t.port}`;
  return `grpc|${t.tls}|${t.host}|${t.port}|${t.services.join(',')}`;
}

/**
 * Every flag checked before any network call: the targets (arguments, then the list), each
 * resolved as a single probe resolves its one, and the fleet's own limits.
 * `resolveOne(undefined)` gives $HEALTHCTL_TARGET or the default, when nothing names a target.
 */
export async function setupFleet(
  args: readonly string[],
  flags: FleetFlags & { healthAddr?: string },
  io: Pick<Io, 'env' | 'stdin'>,
  resolveOne: (target: string | undefined) => CheckOptions,
): Promise<FleetSetup> {
  const { env } = io;
  if (readFlag(CHECK_FLAGS, 'healthAddr', flags.healthAddr, env, String) !== undefined) {
    throw usageError('-a/--health-addr checks one address; for several, give each as a TARGET (HOST:PORT reads its /status)');
  }
  const listed = fleetFlag('targetsFrom', flags, env);
  const texts = [...args, ...(listed === undefined ? [] : await readTargetsFrom(listed.value, listed.from, io.stdin))];
  if (texts.length === 0 && listed !== undefined) throw usageError(`${listed.from} ${listed.value}: no targets in it, and no TARGET argument`);
  const resolved = texts.length === 0 ? [resolveOne(undefined)] : texts.map((t) => resolveOne(t));
  const seen = new Set<string>();
  const targets = resolved.filter((o) => {
    const key = targetKey(o);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const expand = eachAddress(flags, env);
  // With --each-address the count is known only once the names resolve; a count above it then fails the requirement.
  const limits = resolveFleetLimits(flags, env, expand ? Number.POSITIVE_INFINITY : targets.length);
  return { targets, eachAddress: expand, ...limits };
}
