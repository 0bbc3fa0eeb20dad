import { buildReport } from '../check/build-report.js';
import type { Report } from '../check/report.js';
import { httpClientFor, repeatedChecksClient } from '../check/http-client.js';
import { resolveCheckOptions } from '../config/check-options.js';
import { formatDuration } from '../base/durations.js';
import { HealthctlError } from '../base/errors.js';
import { fleetMembers, type Member } from '../fleet/members.js';
import { fleetDoneLine, fleetProgressLine, fleetTimedOutLine, memberTransitionLine } from '../render/fleet-lines.js';
import { buildFleetReport, type FleetReport } from '../reports/fleet-report.js';
import { setupFleet, type FleetFlags } from '../fleet/setup.js';
import { Slots } from '../fleet/slots.js';
import type { Io } from '../base/io.js';
import { renderFleet } from '../render/fleet-output.js';
import { NO_PAINT } from '../render/paint.js';
import { Poller } from '../wait/poll.js';
import { resolveWaitTiming, type WaitFlags } from './wait.js';

const CLEAR_LINE = '\r\x1b[K';

/** A member that had not answered when the wait ended: its own timeout, never a pass. */
function unanswered(member: Member, why: string): Report {
  const error = new HealthctlError('timeout', `no answer yet from ${member.label} when ${why}`);
  return buildReport({ ok: false, error, format: null, httpStatus: null, address: null, timings: null, body: null }, member.options);
}

/**
 * `healthctl wait` over a fleet: each target polled on its own, with the change-driven backoff
 * of a single wait (at most --concurrency checks at once), until --require holds; when the
 * wait runs out, the exit code of the fleet's worst failing outcome and the targets still failing.
 */
export async function fleetWaitCommand(targets: readonly string[], flags: WaitFlags & FleetFlags, io: Io): Promise<number> {
  const { timeout: _whole, requestTimeout: _request, interval: _interval, targetsFrom: _list, eachAddress: _each, require: _require, concurrency: _concurrency, ...checkFlags } = flags;
  const timing = resolveWaitTiming(flags, io.env);
  const perAttempt = timing.requestTimeout === undefined ? checkFlags : { ...checkFlags, timeout: timing.requestTimeout };
  const setup = await setupFleet(targets, flags, io.env, (target) => resolveCheckOptions(target, perAttempt, io.env, io.stdoutIsTTY));
  const first = setup.targets[0];
  if (first === undefined) throw new Error('a fleet without targets');
  const until = io.startedAt + timing.waitMs;
  const slots = new Slots(setup.concurrency);
  const members = await fleetMembers(setup.targets, { eachAddress: setup.eachAddress, deadline: Math.min(until, performance.now() + first.timeoutMs), signal: io.signal, slots });

  const live = io.stdoutIsTTY && first.output === 'text';
  const width = Math.max(20, (process.stdout.columns || 100) - 1);
  const elapsed = (): number => performance.now() - io.startedAt;
  const latest: Array<Report | null> = members.map((m) => (m.preset === null ? null : buildReport(m.preset, m.options)));
  const fleetReport = (why: string): FleetReport =>
    buildFleetReport(
      members.map((m, i) => ({ label: m.label, report: latest[i] ?? unanswered(m, why) })),
      { requirement: setup.requirement, probe: first.probe, runtime: first.runtime },
    );
  const client = await httpClientFor(io.env, repeatedChecksClient(setup.targets));
  const stop = new AbortController();
  const signal = AbortSignal.any([io.signal, stop.signal]);
  let held: FleetReport | null = null;

  const pollOne = async (member: Member, index: number): Promise<void> => {
    if (member.preset !== null) return;
    const poller = new Poller({ options: member.options, requestTimeoutMs: member.options.timeoutMs, intervalMs: timing.intervalMs, until, signal, slots, http: client.http });
    for await (const { report, changed, cut } of poller.attempts()) {
      // An attempt the wait's own end cut short proves nothing; the one before it is the answer.
      if (cut && latest[index] !== null) continue;
      latest[index] = report;
      if (changed && !live && first.output === 'text') io.stdout(`${memberTransitionLine({ label: member.label, report }, elapsed())}\n`);
      const now = fleetReport('the requirement held');
      if (live) io.stdout(`${CLEAR_LINE}${fleetProgressLine(now, elapsed(), width)}`);
      if (now.held && held === null) {
        held = now;
        stop.abort();
      }
    }
  };
  const loops = await Promise.allSettled(members.map(pollOne));
  await client.close();
  if (io.signal.aborted) {
    if (live) io.stdout(CLEAR_LINE);
    io.stderr(`${fleetTimedOutLine(fleetReport('interrupted'), formatDuration(elapsed())).replace(/^still/, 'stopped while still')}\n`);
    throw io.signal.reason;
  }
  const failure = loops.find((l): l is PromiseRejectedResult => l.status === 'rejected' && !stop.signal.aborted);
  if (failure !== undefined) throw failure.reason;

  const done: FleetReport = held ?? fleetReport('the wait ran out');
  if (live) io.stdout(done.held ? '\n' : CLEAR_LINE);
  else if (done.held && first.output === 'text') io.stdout(`${fleetDoneLine(done, elapsed())}\n`);
  if (first.output === 'json') io.stdout(renderFleet(done, { output: 'json', paint: NO_PAINT }));
  if (!done.held) io.stderr(`${fleetTimedOutLine(done, formatDuration(Math.min(timing.waitMs, elapsed())))}\n`);
  return done.exitCode;
}
