import { formatDuration } from '../base/durations.js';
import { HealthctlError } from '../base/errors.js';
import type { Io } from '../base/io.js';
import { buildReport } from '../check/build-report.js';
import { httpClientFor, repeatedChecksClient } from '../check/http-client.js';
import type { Report } from '../check/report.js';
import { fleetDoneLine, fleetProgressLine, fleetTimedOutLine, memberTransitionLine } from '../render/fleet-lines.js';
import { renderFleet } from '../render/fleet-output.js';
import { NO_PAINT } from '../render/paint.js';
import { buildFleetReport, type FleetReport } from '../reports/fleet-report.js';
import { LiveLine } from '../wait/live-line.js';
import { Poller } from '../wait/poll.js';
import type { WaitTiming } from '../wait/timing.js';
import { fleetMembers, type Member } from './members.js';
import type { FleetSetup } from './setup.js';
import { Slots } from './slots.js';

/** A member that had not answered when the wait ended: its own timeout, never a pass. */
function unanswered(member: Member, why: string): Report {
  const error = new HealthctlError('timeout', `no answer yet from ${member.label} when ${why}`);
  return buildReport({ ok: false, error, format: null, httpStatus: null, address: null, timings: null, body: null }, member.options);
}

/**
 * Each target polled on its own, with the change-driven backoff of a single wait (at most
 * --concurrency checks at once), until --require holds; when the wait runs out, the exit code
 * of the fleet's worst failing outcome, and the targets still failing on stderr.
 */
export async function waitForFleet(setup: FleetSetup, timing: WaitTiming, io: Io): Promise<number> {
  const first = setup.targets[0];
  if (first === undefined) throw new Error('a fleet without targets');
  const until = io.startedAt + timing.waitMs;
  const slots = new Slots(setup.concurrency);
  const members = await fleetMembers(setup.targets, { eachAddress: setup.eachAddress, deadline: Math.min(until, performance.now() + first.timeoutMs), signal: io.signal, slots });

  const line = new LiveLine(io, io.stdoutIsTTY && first.output === 'text');
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
      if (changed && !line.on && first.output === 'text') io.stdout(`${memberTransitionLine({ label: member.label, report }, elapsed())}\n`);
      const now = fleetReport('the requirement held');
      if (line.on) line.show(fleetProgressLine(now, elapsed(), line.width));
      if (now.held && held === null) {
        held = now;
        stop.abort();
      }
    }
  };
  const loops = await Promise.allSettled(members.map(pollOne));
  await client.close();
  if (io.signal.aborted) {
    line.clear();
    io.stderr(`${fleetTimedOutLine(fleetReport('interrupted'), formatDuration(elapsed())).replace(/^still/, 'stopped while still')}\n`);
    throw io.signal.reason;
  }
  const failure = loops.find((l): l is PromiseRejectedResult => l.status === 'rejected' && !stop.signal.aborted);
  if (failure !== undefined) throw failure.reason;

  const done: FleetReport = held ?? fleetReport('the wait ran out');
  if (done.held) line.keep();
  else line.clear();
  if (!line.on && done.held && first.output === 'text') io.stdout(`${fleetDoneLine(done, elapsed())}\n`);
  if (first.output === 'json') io.stdout(renderFleet(done, { output: 'json', paint: NO_PAINT }));
  if (!done.held) io.stderr(`${fleetTimedOutLine(done, formatDuration(Math.min(timing.waitMs, elapsed())))}\n`);
  return done.exitCode;
}
