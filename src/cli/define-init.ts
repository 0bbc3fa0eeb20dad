import type { Command } from 'commander';
import type { Io } from '../base/io.js';
import { INIT_FLAGS, type InitFlags } from '../config/command-flags.js';
import { addFlags } from './options.js';

export function defineInit(program: Command, io: Io, done: (code: number) => void): void {
  addFlags(
    program
      .command('init')
      .argument('<runtime>', 'kubernetes, docker, compose, ecs or systemd')
      .argument('[target]', 'the health endpoint the probes ask (default: healthctl\'s own default)')
      .description('print ready-to-paste health check configuration whose timeouts fit healthctl\'s deadline'),
    INIT_FLAGS,
  )
    .addHelpText(
      'after',
      `
Examples:
  healthctl init kubernetes                      # startupProbe, readinessProbe, livenessProbe
  healthctl init kubernetes --probe liveness http://127.0.0.1:8080/status
  healthctl init docker --bin /healthctl         # HEALTHCHECK for a distroless image
  healthctl init compose
  healthctl init ecs
  healthctl init systemd                         # two units: Type=notify + run, or Type=exec + wait`,
    )
    .action(async (runtime: string, target: string | undefined, flags: InitFlags) => {
      const { initCommand } = await import('../commands/init.js');
      done(initCommand(runtime, target, flags, io));
    });
}
