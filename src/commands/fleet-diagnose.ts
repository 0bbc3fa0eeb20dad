import { httpClientFor, ONE_SHOT_CLIENT, repeatedChecksClient } from '../check/http-client.js';
import type { HttpTransport } from '../check/run-check.js';
import { buildDiagnosis } from '../diagnose/build.js';
import type { Diagnosis } from '../reports/diagnosis.js';
import { checkMembers } from '../fleet/check.js';
import { fleetMembers, type Member } from '../fleet/members.js';
import { buildFleetReport, type FleetReport } from '../reports/fleet-report.js';
import { setupFleet, type FleetFlags, type FleetSetup } from '../fleet/setup.js';
import { Slots } from '../fleet/slots.js';
import type { Io } from '../base/io.js';
import { renderDiagnosis } from '../render/diagnose-text.js';
import { renderFleetTable } from '../render/fleet-table.js';
import { makeInert } from '../base/inert.js';
import { loadPaint, wantsColour, type Paint } from '../render/paint.js';
import type { RuntimeChoice } from '../runtimes/detect.js';
import { setupDiagnose, terminalSize, watchSettings, type DiagnoseFlags } from './diagnose.js';

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
export async function setupFleetDiagnose(targets: readonly string[], flags: DiagnoseFlags & FleetFlags, io: Io): Promise<FleetDiagnoseSetup> {
  const { intervalMs } = watchSettings(targets[0], flags.watch);
  const { watch: _watch, targetsFrom: _list, eachAddress: _each, require: _require, concurrency: _concurrency, ...checkFlags } = flags;
  let choice: { runtimeChoice: RuntimeChoice; timeoutGiven: boolean } | null = null;
  const fleet = await setupFleet(targets, flags, io.env, (target) => {
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

/** The fleet table, its summary, then each failing target's own diagnosis, compacted. */
export function renderFleetDiagnosis(f: FleetDiagnosis, o: { paint: Paint; width: number }): string {
  const lines = [...renderFleetTable(f.report.targets, { ...o, changed: new Set() }), '', o.paint.bold(makeInert(f.report.summary))];
  f.diagnoses.forEach((d, i) => {
    const entry = f.report.targets[i];
    if (entry === undefined || entry.report.outcome === 'pass') return;
    const label = makeInert(entry.label);
    lines.push('', o.paint.bold(`── ${label} ${'─'.repeat(Math.max(3, Math.min(o.width, 100) - label.length - 4))}`));
    lines.push(renderDiagnosis(d, { paint: o.paint, width: o.width, compact: true, changed: new Map() }).trimEnd());
  });
  return `${lines.join('\n')}\n`;
}

/** `healthctl diagnose` with several targets: the fleet side by side, then the detail of those not passing. */
export async function fleetDiagnoseCommand(targets: readonly string[], flags: DiagnoseFlags & FleetFlags, io: Io): Promise<number> {
  const setup = await setupFleetDiagnose(targets, flags, io);
  const output = setup.fleet.targets[0]?.output ?? 'text';
  const client = await httpClientFor(io.env, setup.intervalMs === null ? ONE_SHOT_CLIENT : repeatedChecksClient(setup.fleet.targets));
  if (setup.intervalMs !== null) {
    const { watchFleet } = await import('./fleet-watch.js');
    return watchFleet({ ...setup, http: client.http, intervalMs: setup.intervalMs }, io).finally(() => client.close());
  }
  const f = await diagnoseFleetOnce({ ...setup, http: client.http }, io).finally(() => client.close());
  if (output === 'json') io.stdout(`${JSON.stringify(f.report)}\n`);
  else io.stdout(renderFleetDiagnosis(f, { paint: await loadPaint(wantsColour(io.env, io.stdoutIsTTY)), width: terminalSize(io).columns }));
  return f.report.exitCode;
}

