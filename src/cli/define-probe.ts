import type { Command } from 'commander';
import type { Io } from '../base/io.js';
import { probeCommand } from '../commands/probe.js';
import { PROBE_FLAGS, type ProbeFlags } from '../config/command-flags.js';
import { TARGET_HELP } from '../config/flags.js';
import { byTargets } from './fleet-route.js';
import { addFlags, FLEET_HELP } from './options.js';

/** The probe command's arguments, options and help. */
function probeDefinition(program: Command): Command {
  return addFlags(program.command('probe').argument('[targets...]', TARGET_HELP), PROBE_FLAGS)
    .description('one check, then exit with the runtime\'s code and a short, stable output')
    .addHelpText(
      'after',
      `
Examples:
  healthctl probe http://127.0.0.1:8080/readyz
  healthctl probe --probe liveness --critical storage.backend
  healthctl probe --runtime docker -e 'xds.*' localhost:28080
  healthctl probe -a 127.0.0.1:28080 -e storage.backend -v      # drop-in for 'pomerium health'
  HEALTHCHECK CMD ["healthctl","probe"]                         # in a Dockerfile
  healthctl probe --each-address --require 66% http://app-headless:8080/readyz
${FLEET_HELP}`,
    );
}

export function defineProbe(program: Command, io: Io, done: (code: number) => void): void {
  probeDefinition(program).action(async (targets: string[], flags: ProbeFlags) => {
    const fleet = async (): Promise<number> => (await import('../commands/fleet-probe.js')).fleetProbeCommand(targets, flags, io);
    done(await byTargets(targets, flags, io.env, { fleet, one: () => probeCommand(targets[0], flags, io) }));
  });
}
