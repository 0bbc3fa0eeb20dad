import type { Command } from 'commander';
import type { FleetFlags } from '../fleet/setup.js';
import type { Io } from '../base/io.js';
import { addCheckFlags, TARGET_HELP } from './check-flags.js';
import { addFleetFlags, FLEET_HELP } from './fleet-flags.js';
import { isFleetRun } from './fleet-route.js';
import type { WaitFlags } from '../commands/wait.js';

export function defineWait(program: Command, io: Io, done: (code: number) => void): void {
  addFleetFlags(addCheckFlags(program.command('wait').argument('[targets...]', TARGET_HELP), 'the whole wait, e.g. 90s, 2m; a bare number is seconds (default: 60s, or HEALTHCTL_WAIT_TIMEOUT)'))
    .description('poll until the probe passes; exit 0, or when --timeout runs out the last attempt\'s code, naming what still failed')
    .option('--request-timeout <duration>', 'deadline of one attempt; a bare number is seconds (default: the runtime\'s one-check deadline)')
    .option('--interval <duration>', 'longest pause between attempts, the first come fast; a bare number is seconds (default: 1s)')
    .addHelpText(
      'after',
      `
Examples:
  healthctl wait http://127.0.0.1:8080/readyz --timeout 2m
  healthctl wait -a 127.0.0.1:28080 -e storage.backend
  ExecStartPost=healthctl wait --timeout 90s              # in a Type=exec unit (healthctl init systemd)
  healthctl wait localhost:28080 && ./run-smoke-tests      # in CI
  healthctl wait --each-address --require 2 http://app-headless:8080/readyz
${FLEET_HELP} With several targets wait polls each on its own until --require holds.`,
    )
    .action(async (targets: string[], flags: WaitFlags & FleetFlags & { for?: string }) => {
      const resolved = { ...flags, ...(flags.probe === undefined && flags.for !== undefined ? { probe: flags.for } : {}) };
      if (await isFleetRun(targets, flags, io.env)) {
        const { fleetWaitCommand } = await import('../commands/fleet-wait.js');
        done(await fleetWaitCommand(targets, resolved, io));
        return;
      }
      const { waitCommand } = await import('../commands/wait.js');
      done(await waitCommand(targets[0], resolved, io));
    });
}
