import type { Command } from 'commander';
import type { RunFlags } from '../commands/run.js';
import type { Io } from '../base/io.js';
import { addCheckFlags, TARGET_HELP } from './check-flags.js';

export function defineRun(program: Command, io: Io, done: (code: number) => void): void {
  addCheckFlags(program.command('run').argument('<command...>', 'the service to start, after --'))
    .usage('[options] -- CMD [ARGS...]')
    .description('start CMD and speak systemd\'s notify protocol from its health: READY=1, STATUS=, WATCHDOG=1, RELOADING=1, STOPPING=1, EXTEND_TIMEOUT_USEC=')
    .option('--target <target>', `what to check: ${TARGET_HELP}`)
    .option('--interval <duration>', 'longest pause between checks, fast while the state changes; a bare number is seconds (default: 1s)')
    .option('--extend-timeout <duration>', 'while startup makes progress, each step gives systemd this much more time; a bare number is seconds (default: 30s)')
    .addHelpText(
      'after',
      `
Needs NotifyAccess=all in the unit: the messages come from a helper process healthctl starts.
SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGALRM, SIGUSR1, SIGUSR2, SIGWINCH and SIGABRT are passed
to CMD; SIGHUP is a reload unless the terminal healthctl runs on hung up (then CMD gets SIGTERM).
A second SIGTERM a second or more after the first kills CMD's process group. healthctl exits
with CMD's status.

Examples:
  healthctl run -- /usr/local/bin/app --config /etc/app.yaml
  healthctl run --target http://127.0.0.1:8080/readyz --critical storage.backend -- /usr/local/bin/app
  ExecStart=healthctl run -- /usr/local/bin/app               # in a Type=notify unit (healthctl init systemd)`,
    )
    .action(async (command: string[], flags: RunFlags & { for?: string }) => {
      const { runCommand } = await import('../commands/run.js');
      done(await runCommand(command, { ...flags, ...(flags.probe === undefined && flags.for !== undefined ? { probe: flags.for } : {}) }, io));
    });
}
