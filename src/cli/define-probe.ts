import type { Command } from 'commander';
import type { CheckFlags } from '../config/check-options.js';
import type { Io } from '../io.js';
import { addCheckFlags } from './check-flags.js';

export function defineProbe(program: Command, io: Io, done: (code: number) => void): void {
  addCheckFlags(program.command('probe').argument('[target]', 'http(s) URL, HOST:PORT or tcp://HOST:PORT (default: $HEALTHCTL_TARGET, else http://127.0.0.1:28080/status)'))
    .description('one check, then exit with the runtime\'s code and a short, stable output')
    .addHelpText(
      'after',
      `
Examples:
  healthctl probe http://127.0.0.1:8080/readyz
  healthctl probe --probe liveness --critical storage.backend
  healthctl probe --runtime docker -e 'xds.*' localhost:28080
  healthctl probe -a 127.0.0.1:28080 -e storage.backend -v      # drop-in for 'pomerium health'
  HEALTHCHECK CMD ["healthctl","probe"]                         # in a Dockerfile`,
    )
    .action(async (target: string | undefined, flags: CheckFlags & { for?: string }) => {
      const { probeCommand } = await import('../commands/probe.js');
      done(await probeCommand(target, { ...flags, ...(flags.probe === undefined && flags.for !== undefined ? { probe: flags.for } : {}) }, io));
    });
}
