import type { CheckOptions } from '../config/check-options.js';
import { envBoolean, envName, envString } from '../config/env.js';
import { usageError } from '../base/errors.js';
import { checkRequirementFits, DEFAULT_REQUIREMENT, parseConcurrency, parseRequirement, type Requirement } from '../reports/requirement.js';
import { readTargetsFrom } from './targets-from.js';

/** The fleet's own flags, as commander hands them over. */
export interface FleetFlags {
  targetsFrom?: string;
  eachAddress?: boolean;
  require?: string;
  concurrency?: string;
}

export const DEFAULT_CONCURRENCY = 16;

export interface FleetSetup {
  /** Every target given, in order (TARGET arguments first, then --targets-from), duplicates dropped. */
  targets: CheckOptions[];
  eachAddress: boolean;
  requirement: Requirement;
  concurrency: number;
}

type Env = NodeJS.ProcessEnv;

function fromFlagOrEnv(flag: string | undefined, env: Env, option: string, flagName: string): { value: string; name: string } | null {
  if (flag !== undefined) return { value: flag, name: flagName };
  const value = envString(env, option);
  return value === undefined ? null : { value, name: envName(option) };
}

/** A fleet: more than one TARGET, or a list (--targets-from), or names to expand (--each-address); flags or environment. */
export function isFleet(targets: readonly string[], flags: FleetFlags, env: Env): boolean {
  return targets.length > 1 || fromFlagOrEnv(flags.targetsFrom, env, 'targetsFrom', '--targets-from') !== null || (flags.eachAddress ?? envBoolean(env, 'eachAddress') ?? false);
}

/** --require and --concurrency, checked against the number of targets given (one, for a single target). */
export function resolveFleetLimits(flags: FleetFlags, env: Env, targets: number): { requirement: Requirement; concurrency: number } {
  const require = fromFlagOrEnv(flags.require, env, 'require', '--require');
  const requirement = require === null ? DEFAULT_REQUIREMENT : parseRequirement(require.value, require.name);
  checkRequirementFits(requirement, targets, require?.name ?? '--require');
  const concurrency = fromFlagOrEnv(flags.concurrency, env, 'concurrency', '--concurrency');
  return { requirement, concurrency: concurrency === null ? DEFAULT_CONCURRENCY : parseConcurrency(concurrency.value, concurrency.name) };
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
export async function setupFleet(args: readonly string[], flags: FleetFlags & { healthAddr?: string }, env: Env, resolveOne: (target: string | undefined) => CheckOptions): Promise<FleetSetup> {
  if (flags.healthAddr !== undefined || envString(env, 'healthAddr') !== undefined) {
    throw usageError('-a/--health-addr checks one address; for several, give each as a TARGET (HOST:PORT reads its /status)');
  }
  const listed = fromFlagOrEnv(flags.targetsFrom, env, 'targetsFrom', '--targets-from');
  const texts = [...args, ...(listed === null ? [] : await readTargetsFrom(listed.value, listed.name))];
  if (texts.length === 0 && listed !== null) throw usageError(`${listed.name} ${listed.value}: no targets in it, and no TARGET argument`);
  const resolved = texts.length === 0 ? [resolveOne(undefined)] : texts.map((t) => resolveOne(t));
  const seen = new Set<string>();
  const targets = resolved.filter((o) => {
    const key = targetKey(o);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const eachAddress = flags.eachAddress ?? envBoolean(env, 'eachAddress') ?? false;
  // With --each-address the count is known only once the names resolve; a count above it then fails the requirement.
  const limits = resolveFleetLimits(flags, env, eachAddress ? Number.POSITIVE_INFINITY : targets.length);
  return { targets, eachAddress, ...limits };
}
