import type { Command } from 'commander';
import type { Io } from '../base/io.js';
import { DEMO_FLAGS, DEMO_SET_FLAGS, type DemoFlags, type DemoSetFlags } from '../config/command-flags.js';
import { flagKeys } from '../config/flags.js';
import { addFlags } from './options.js';

export function defineDemo(program: Command, io: Io, done: (code: number) => void): void {
  const demo = addFlags(
    program.command('demo').description('start a built-in sample service and watch it come up with diagnose --watch: the whole product, nothing to set up'),
    DEMO_FLAGS,
  )
    .addHelpText(
      'after',
      `
The sample service serves Pomerium-compatible /status, /startupz, /readyz and /healthz for
nine components (eight required) that come up over --ready-after; storage.backend first
fails to connect, then (unless --no-flap) reports 'ping postgres: context deadline exceeded'
for 2s every 15s. Ctrl-C or SIGTERM drains it: every component TERMINATING for 1.5s.
A control endpoint lets 'demo set' change any component; what it sets stays until
'demo set NAME auto' hands the component back to the scenario.

On a terminal, 'demo' runs until Ctrl-C and then prints a summary. Without one (CI, a pipe)
it prints one line per transition until the service is ready, then stops it and exits 0
(1 if it is not ready within --ready-after + 30s).

Examples:
  npm run demo                                    # from a clone: build, then this
  healthctl demo
  healthctl demo --serve                          # on 127.0.0.1:28080, so 'healthctl probe' needs no target
  healthctl demo --serve --port 0 --ready-after 2s --no-flap
  healthctl demo set storage.backend running --error 'ping postgres: timeout'
  healthctl demo set storage.backend auto         # back to the scenario`,
    )
    .action(async (flags: DemoFlags) => {
      const { demoCommand } = await import('../commands/demo.js');
      done(await demoCommand(flags, io));
    });

  addFlags(
    demo
      .command('set')
      .description('change a component of a running demo service through its control endpoint; it keeps that state until auto')
      .argument('<name>', 'component name, e.g. storage.backend')
      .argument('<status>', 'running, starting or terminating; or auto, to hand the component back to the scenario'),
    DEMO_SET_FLAGS,
  )
    .addHelpText(
      'after',
      `
A component set here leaves the sample's scenario: its startup steps and storage.backend's
flapping no longer change it. 'auto' gives it back: it takes the state the scenario has for it
by now (not reported, for a name the scenario does not report) and follows the scenario again.

Exit status: 0 when the service took the change; otherwise the runtime's code for unreachable
(2 under plain) or bad input (1).

Examples:
  healthctl demo set storage.backend running --error 'ping postgres: timeout'
  healthctl demo set storage.backend auto
  healthctl demo set authorize.service starting --port 40123
  docker exec app healthctl demo set proxy.service terminating`,
    )
    .action(async (name: string, status: string, _flags: DemoSetFlags, command: Command) => {
      // `demo` has --port and --host too and takes them wherever they stand; read both levels.
      const all: Record<string, unknown> = command.optsWithGlobals();
      const text = (key: string): string | undefined => (typeof all[key] === 'string' ? all[key] : undefined);
      const flags: DemoSetFlags = {};
      for (const key of flagKeys(DEMO_SET_FLAGS)) {
        const value = text(key);
        if (value !== undefined) flags[key] = value;
      }
      const { demoSetCommand } = await import('../commands/demo-set.js');
      done(await demoSetCommand(name, status, flags, io));
    });
}
