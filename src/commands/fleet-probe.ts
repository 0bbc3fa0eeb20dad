import type { Io } from '../base/io.js';
import { httpClientFor, ONE_SHOT_CLIENT } from '../check/http-client.js';
import { resolveCheckOptions } from '../config/check-options.js';
import type { ProbeFlags } from '../config/command-flags.js';
import { checkMembers, reportEntries } from '../fleet/check.js';
import { fleetMembers } from '../fleet/members.js';
import { setupFleet } from '../fleet/setup.js';
import { Slots } from '../fleet/slots.js';
import { renderFleet } from '../render/fleet-output.js';
import { loadPaint, wantsColour } from '../render/paint.js';
import { buildFleetReport } from '../reports/fleet-report.js';

/**
 * `healthctl probe` over a fleet: every target checked once, as a single probe checks its one,
 * within one deadline counted from process start; the exit code says whether --require held.
 */
export async function fleetProbeCommand(targets: readonly string[], flags: ProbeFlags, io: Io): Promise<number> {
  const setup = await setupFleet(targets, flags, io, (target) => resolveCheckOptions(target, flags, io.env, io.stdoutIsTTY));
  const first = setup.targets[0];
  if (first === undefined) throw new Error('a fleet without targets');
  const deadline = io.startedAt + first.timeoutMs;
  const slots = new Slots(setup.concurrency);
  const members = await fleetMembers(setup.targets, { eachAddress: setup.eachAddress, deadline, signal: io.signal, slots });
  const client = await httpClientFor(io.env, ONE_SHOT_CLIENT);
  const checked = await checkMembers(members, { deadline, signal: io.signal, slots, http: client.http }).finally(() => client.close());
  if (io.signal.aborted) throw io.signal.reason;

  const report = buildFleetReport(reportEntries(checked), { requirement: setup.requirement, probe: first.probe, runtime: first.runtime });
  const paint = await loadPaint(first.runtime === 'plain' && first.output === 'text' && wantsColour(io.env, io.stdoutIsTTY));
  io.stdout(renderFleet(report, { output: first.output, paint }));
  return report.exitCode;
}
