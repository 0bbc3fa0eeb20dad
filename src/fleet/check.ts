import { formatDuration } from '../base/durations.js';
import { HealthctlError } from '../base/errors.js';
import { buildReport } from '../check/build-report.js';
import type { CheckResult, HttpTransport } from '../check/run-check.js';
import { runCheckWithin } from '../check/run-within.js';
import type { FleetEntry } from '../reports/fleet-report.js';
import type { Member } from './members.js';
import { mapLimited, type Slots } from './slots.js';

export interface FleetCheck {
  /** One absolute deadline for every member (performance.now() clock). */
  deadline: number;
  signal: AbortSignal | null;
  slots: Slots;
  /** How HTTP(S) checks are sent; a connection of their own by default. */
  http?: HttpTransport | undefined;
}

/** A member whose turn came after the deadline: its own timeout, saying why it was never asked. */
function notStarted(member: Member, concurrencyHint: string): CheckResult {
  const error = new HealthctlError('timeout', `timeout after ${formatDuration(member.options.timeoutMs)}: not checked, the deadline ran out before its turn (${concurrencyHint})`, { phase: 'connect', address: member.label });
  return { ok: false, error, format: null, httpStatus: null, address: null, timings: null, body: null };
}

export interface Checked {
  member: Member;
  result: CheckResult;
}

/** One check of each member, as probe makes it, at most `slots` at once; in the members' order. */
export async function checkMembers(members: readonly Member[], check: FleetCheck): Promise<Checked[]> {
  return mapLimited(members, check.slots, async (member) => {
    if (member.preset !== null) return { member, result: member.preset };
    if (performance.now() >= check.deadline) return { member, result: notStarted(member, 'raise --concurrency or --timeout') };
    return { member, result: await runCheckWithin(member.options, check.deadline, check.signal, check.http) };
  });
}

/** Each member's own report, built as probe builds its one. */
export function reportEntries(checked: readonly Checked[]): FleetEntry[] {
  return checked.map(({ member, result }) => ({ label: member.label, report: buildReport(result, member.options) }));
}
