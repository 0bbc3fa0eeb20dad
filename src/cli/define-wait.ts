import type { Command } from 'commander';
import type { Io } from '../base/io.js';
import { WAIT_FLAGS, type WaitFlags } from '../config/command-flags.js';
import { TARGET_HELP } from '../config/flags.js';
import { byTargets } from './fleet-route.js';
import { addFlags, FLEET_HELP } from './options.js';

export function defineWait(program: Command, io: Io, done: (code: number) => void): void {
  addFlags(program.command('wait').argument('[targets...]', TARGET_HELP), WAIT_FLAGS)
    .description('poll until the probe passes; exit 0, or when --timeout runs out the last attempt\'s code, naming what still failed')
    .addHelpText(
      'after',
      `
Examples:
  healthctl wait http://127.0.0.1:8080/readyz --timeout 2m
  healthctl wait -a 127.0.0.1:28080 -e storage.backend
  ExecStartPost=healthctl wait --timeout 90s              # in a Type=exec unit (healthctl init systemd)
  healthctl wait localhost:28080 && ./run-smoke-tests      # in CI
  healthctl wait --each-address --require 2 http://app-headless:8080/readyz
${FLEET_HELP}
With several targets wait polls each on its own until --require holds.`,
    )
    .action(async (targets: string[], flags: WaitFlags) => {
      const fleet = async (): Promise<number> => (await import('../commands/fleet-wait.js')).fleetWaitCommand(targets, flags, io);
      const one = async (): Promise<number> => (await import('../commands/wait.js')).waitCommand(targets[0], flags, io);
      done(await byTargets(targets, flags, io.env, { fleet, one }));
    });
}
