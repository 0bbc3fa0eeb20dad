import type { Io } from '../base/io.js';
import { screenSize } from '../base/io.js';
import { httpClientFor, ONE_SHOT_CLIENT, repeatedChecksClient } from '../check/http-client.js';
import type { DiagnoseFlags } from '../config/command-flags.js';
import { diagnoseFleetOnce, setupFleetDiagnose } from '../fleet/diagnose.js';
import { renderFleetDiagnosis } from '../render/fleet-diagnosis.js';
import { loadPaint, wantsColour } from '../render/paint.js';

/** `healthctl diagnose` with several targets: the fleet side by side, then the detail of those not passing. */
export async function fleetDiagnoseCommand(targets: readonly string[], flags: DiagnoseFlags, io: Io): Promise<number> {
  const setup = await setupFleetDiagnose(targets, flags, io);
  const output = setup.fleet.targets[0]?.output ?? 'text';
  const client = await httpClientFor(io.env, setup.intervalMs === null ? ONE_SHOT_CLIENT : repeatedChecksClient(setup.fleet.targets));
  if (setup.intervalMs !== null) {
    const { watchFleet } = await import('../watch/fleet.js');
    return watchFleet({ ...setup, http: client.http, intervalMs: setup.intervalMs }, io).finally(() => client.close());
  }
  const f = await diagnoseFleetOnce({ ...setup, http: client.http }, io).finally(() => client.close());
  if (output === 'json') io.stdout(`${JSON.stringify(f.report)}\n`);
  else io.stdout(renderFleetDiagnosis(f, { paint: await loadPaint(wantsColour(io.env, io.stdoutIsTTY)), width: screenSize(io).columns }));
  return f.report.exitCode;
}
