import type { Command } from 'commander';
import type { FleetFlags } from '../fleet/setup.js';
import type { Io } from '../base/io.js';
import { addCheckFlags, TARGET_HELP } from './check-flags.js';
import { addFleetFlags, FLEET_HELP } from './fleet-flags.js';
import { isFleetRun, splitWatch } from './fleet-route.js';
import type { DiagnoseFlags } from '../commands/diagnose.js';

export function defineDiagnose(program: Command, io: Io, done: (code: number) => void): void {
  addFleetFlags(addCheckFlags(program.command('diagnose').argument('[targets...]', TARGET_HELP)))
    .description("the operator's view: every component, the three verdicts, what each runtime would record, timings and hints")
    .option('--watch [interval]', 'check again every INTERVAL (default 1s, at least 100ms; a bare number is seconds) and show what changes; Ctrl-C ends with a summary')
    .addHelpText(
      'after',
      `
Exit status: the chosen probe's exit code under the chosen runtime, as 'healthctl probe'
would exit for the same answer (with --watch: that of the last check).

Examples:
  healthctl demo                                      # try it: a sample service and diagnose --watch
  healthctl diagnose http://127.0.0.1:28080/status
  healthctl diagnose --runtime kubernetes --timeout 2s localhost:28080
  healthctl diagnose localhost:28080 --watch 500ms    # live; one line per transition when piped
  healthctl diagnose -o json | jq .hints
  healthctl diagnose --each-address http://app-headless:8080/status --watch
${FLEET_HELP} diagnose shows the fleet as a table, then the detail of each target
not passing; --watch refreshes the table and marks each replica's transitions.`,
    )
    .action(async (given: string[], flags: DiagnoseFlags & FleetFlags & { for?: string }) => {
      const resolved = { ...flags, ...(flags.probe === undefined && flags.for !== undefined ? { probe: flags.for } : {}) };
      // `--watch TARGET TARGET`: commander took the first TARGET for --watch's INTERVAL.
      const { targets, watch } = given.length > 0 ? splitWatch(given, flags.watch) : { targets: given, watch: flags.watch };
      if (await isFleetRun(targets, flags, io.env)) {
        const { fleetDiagnoseCommand } = await import('../commands/fleet-diagnose.js');
        done(await fleetDiagnoseCommand(targets, { ...resolved, ...(watch === undefined ? {} : { watch }) }, io));
        return;
      }
      const { diagnoseCommand } = await import('../commands/diagnose.js');
      done(await diagnoseCommand(targets[0], { ...resolved, ...(watch === undefined ? {} : { watch }) }, io));
    });
}
