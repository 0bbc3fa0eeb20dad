import type { Io } from '../base/io.js';
import type { HttpTransport } from '../check/run-check.js';
import type { DiagnoseFlags } from '../config/command-flags.js';
import { buildDiagnosis } from '../diagnose/build.js';
import { setupDiagnose, watchSettings } from '../diagnose/session.js';
import type { Diagnosis } from '../reports/diagnosis.js';
import { buildFleetReport, type FleetReport } from '../reports/fleet-report.js';
import type { RuntimeChoice } from '../runtimes/detect.js';
import { checkMembers } from './check.js';
import { fleetMembers, type Member } from './members.js';
import { setupFleet, type FleetSetup } from './setup.js';
import { Slots } from './slots.js';

export interface FleetDiagnoseSetup {
  fleet: FleetSetup;
  members: Member[];
  slots: Slots;
  runtimeChoice: RuntimeChoice;
  timeoutGiven: boolean;
  intervalMs: number | null;
  /** How HTTP(S) checks are sent; a connection of their own by default. */
  http?: HttpTransport | undefined;
}

/** Every flag checked, and each name resolved, before the first check. */
export async function setupFleetDiagnose(targets: readonly string[], flags: DiagnoseFlags, io: Io): Promise<FleetDiagnoseSetup> {
  const { intervalMs } = watchSettings(targets[0], flags.watch);
  const { watch: _watch, ...checkFlags } = flags;
  let choice: { runtimeChoice: RuntimeChoice; timeoutGiven: boolean } | null = null;
  const fleet = await setupFleet(targets, flags, io, (target) => {
    const one = setupDiagnose(target, checkFlags, io);
    choice ??= one;
    return one.options;
  });
  const first = fleet.targets[0];
  if (first === undefined || choice === null) throw new Error('a fleet without targets');
  const slots = new Slots(fleet.concurrency);
  const members = await fleetMembers(fleet.targets, { eachAddress: fleet.eachAddress, deadline: performance.now() + first.timeoutMs, signal: io.signal, slots });
  const { runtimeChoice, timeoutGiven } = choice;
  return { fleet, members, slots, runtimeChoice, timeoutGiven, intervalMs };
}

export interface FleetDiagnosis {
  report: FleetReport;
  diagnoses: Diagnosis[];
}

/** One check of every member, each seen as diagnose sees one target; the fleet's verdict from their reports. */
export async function diagnoseFleetOnce(setup: FleetDiagnoseSetup, io: Io): Promise<FleetDiagnosis> {
  const first = setup.fleet.targets[0];
  if (first === undefined) throw new Error('a fleet without targets');
  const checked = await checkMembers(setup.members, { deadline: performance.now() + first.timeoutMs, signal: io.signal, slots: setup.slots, http: setup.http });
  if (io.signal.aborted) throw io.signal.reason;
  const checkedAt = new Date();
  const diagnoses = checked.map(({ member, result }) =>
    buildDiagnosis({ result, options: member.options, timeoutGiven: setup.timeoutGiven, runtimeChoice: setup.runtimeChoice, env: io.env, checkedAt }),
  );
  const entries = diagnoses.map((d, i) => ({ label: setup.members[i]?.label ?? d.report.target, report: d.report, hints: d.hints }));
  return { report: buildFleetReport(entries, { requirement: setup.fleet.requirement, probe: first.probe, runtime: first.runtime }), diagnoses };
}
