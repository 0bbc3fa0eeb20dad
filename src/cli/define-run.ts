import type { Command } from 'commander';
import type { Io } from '../base/io.js';
import { RUN_FLAGS, type RunFlags } from '../config/command-flags.js';
import { addFlags } from './options.js';

export function defineRun(program: Command, io: Io, done: (code: number) => void): void {
  addFlags(program.command('run').argument('<command...>', 'the service to start, after --'), RUN_FLAGS)
    .usage('[options] -- CMD [ARGS...]')
    .description('start CMD and speak systemd\'s notify protocol from its health: READY=1, STATUS=, WATCHDOG=1, RELOADING=1, STOPPING=1, EXTEND_TIMEOUT_USEC=')
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
    .action(async (command: string[], flags: RunFlags) => {
      const { runCommand } = await import('../commands/run.js');
      done(await runCommand(command, flags, io));
    });
}
