import type { Command } from 'commander';
import type { Io } from '../base/io.js';
import { DIAGNOSE_FLAGS, type DiagnoseFlags } from '../config/command-flags.js';
import { TARGET_HELP } from '../config/flags.js';
import { byTargets, splitWatch } from './fleet-route.js';
import { addFlags, FLEET_HELP } from './options.js';

export function defineDiagnose(program: Command, io: Io, done: (code: number) => void): void {
  addFlags(program.command('diagnose').argument('[targets...]', TARGET_HELP), DIAGNOSE_FLAGS)
    .description("the operator's view: every component, the three verdicts, what each runtime would record, timings and hints")
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
${FLEET_HELP}
diagnose shows the fleet as a table, then the detail of each target
not passing; --watch refreshes the table and marks each replica's transitions.`,
    )
    .action(async (given: string[], flags: DiagnoseFlags) => {
      // `--watch TARGET …`: commander took the first TARGET for --watch's INTERVAL.
      const { targets, watch } = splitWatch(given, flags.watch);
      const resolved = { ...flags, ...(watch === undefined ? {} : { watch }) };
      const fleet = async (): Promise<number> => (await import('../commands/fleet-diagnose.js')).fleetDiagnoseCommand(targets, resolved, io);
      const one = async (): Promise<number> => (await import('../commands/diagnose.js')).diagnoseCommand(targets[0], resolved, io);
      done(await byTargets(targets, flags, io.env, { fleet, one }));
    });
}
