import { effectivePort, formatAddress, unbracketHost } from '../base/addresses.js';
import { HealthctlError } from '../base/errors.js';
import type { CheckResult } from '../check/run-check.js';
import type { CheckOptions } from '../config/check-options.js';
import type { Target } from '../config/target.js';
import { candidateAddresses, isIpLiteral } from '../transport/connect.js';
import { startBudget } from '../transport/deadline.js';
import { mapLimited, type Slots } from './slots.js';

/** One replica of the fleet: a target, or one address of a target's name. */
export interface Member {
  /** How the fleet's outputs name it: the target, or the address it was expanded to. */
  label: string;
  options: CheckOptions;
  /** Known before any check: the name did not resolve. */
  preset: CheckResult | null;
}

/** The host a target's name is resolved from, or null over a Unix socket (its host is only a name sent). */
function hostOf(options: CheckOptions): string | null {
  if (options.unixSocket !== null) return null;
  const t = options.target;
  const host = t.kind === 'http' ? t.url.hostname : t.host;
  return unbracketHost(host);
}

function portOf(target: Target): number {
  if (target.kind === 'http') return effectivePort(target.url);
  return target.kind === 'tcp' ? target.port : (target.port ?? 443);
}

function failed(options: CheckOptions, error: HealthctlError): Member {
  const preset: CheckResult = { ok: false, error, format: null, httpStatus: null, address: error.address, timings: error.timings, body: null };
  return { label: options.targetDisplay, options, preset };
}

/** Every address `options`' host names, each its own member; a name that does not resolve is one failed member. */
async function expandOne(options: CheckOptions, deadline: number, signal: AbortSignal | null): Promise<Member[]> {
  const host = hostOf(options);
  if (host === null || isIpLiteral(host)) return [{ label: options.targetDisplay, options, preset: null }];
  const budget = startBudget(deadline, signal, options.timeoutMs);
  try {
    const { tried } = await candidateAddresses(host, budget);
    return [...new Set(tried)].map((address) => ({ label: formatAddress(address, portOf(options.target)), options: { ...options, connectTo: address }, preset: null }));
  } catch (error: unknown) {
    if (error instanceof HealthctlError) return [failed(options, error)];
    throw error;
  }
}

/** An address shared by two expanded targets (two names, one host) is named with its target too. */
function uniqueLabels(members: Member[]): Member[] {
  const counts = new Map<string, number>();
  for (const m of members) counts.set(m.label, (counts.get(m.label) ?? 0) + 1);
  return members.map((m) => ((counts.get(m.label) ?? 0) > 1 && m.options.connectTo !== undefined ? { ...m, label: `${m.options.targetDisplay} @ ${m.label}` } : m));
}

/**
 * The fleet's members: each target as given, or with --each-address each address its name
 * resolves to (A and AAAA, /etc/hosts included), checked with the name as Host header and TLS name.
 */
export async function fleetMembers(targets: readonly CheckOptions[], expand: { eachAddress: boolean; deadline: number; signal: AbortSignal | null; slots: Slots }): Promise<Member[]> {
  if (!expand.eachAddress) return targets.map((options) => ({ label: options.targetDisplay, options, preset: null }));
  const groups = await mapLimited(targets, expand.slots, (options) => expandOne(options, expand.deadline, expand.signal));
  return uniqueLabels(groups.flat());
}
