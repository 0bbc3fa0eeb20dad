import type { Command } from 'commander';
import type { Io } from '../io.js';
import { addCheckFlags, TARGET_HELP } from './check-flags.js';
import type { DiagnoseFlags } from '../commands/diagnose.js';

export function defineDiagnose(program: Command, io: Io, done: (code: number) => void): void {
  addCheckFlags(program.command('diagnose').argument('[target]', TARGET_HELP))
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
  healthctl diagnose -o json | jq .hints`,
    )
    .action(async (target: string | undefined, flags: DiagnoseFlags & { for?: string }) => {
      const { diagnoseCommand } = await import('../commands/diagnose.js');
      done(await diagnoseCommand(target, { ...flags, ...(flags.probe === undefined && flags.for !== undefined ? { probe: flags.for } : {}) }, io));
    });
}
