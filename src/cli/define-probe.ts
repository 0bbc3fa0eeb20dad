import type { Command } from 'commander';
import type { FleetFlags } from '../fleet/setup.js';
import type { Io } from '../base/io.js';
import { addCheckFlags, TARGET_HELP } from './check-flags.js';
import { addFleetFlags, FLEET_HELP } from './fleet-flags.js';
import { isFleetRun } from './fleet-route.js';
import { runProbe, type ProbeFlags } from './probe-fast.js';

/** The probe command's arguments, options and help, without its action (the fast-path test parses with it). */
export function probeDefinition(program: Command): Command {
  return addFleetFlags(addCheckFlags(program.command('probe').argument('[targets...]', TARGET_HELP)))
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
  probeDefinition(program).action(async (targets: string[], flags: ProbeFlags & FleetFlags) => {
    if (await isFleetRun(targets, flags, io.env)) {
      const { fleetProbeCommand } = await import('../commands/fleet-probe.js');
      const { for: alias, ...rest } = flags;
      done(await fleetProbeCommand(targets, { ...rest, ...(rest.probe === undefined && alias !== undefined ? { probe: alias } : {}) }, io));
      return;
    }
    done(await runProbe(targets[0], flags, io));
  });
}
