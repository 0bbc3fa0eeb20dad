import { HealthctlError, Interrupted } from './base/errors.js';
import { makeInert } from './base/inert.js';
import type { Io } from './base/io.js';
import { errorExit, exitModeOf } from './cli/exit.js';
import { fleetOptionsInEnv, parseProbeArgs } from './cli/probe-fast.js';
import { processIo } from './cli/process-io.js';
import { probeCommand } from './commands/probe.js';
import { exitCode } from './runtimes/exit-code.js';

/** The one place an exit code leaves: nothing below calls process.exit(), every code comes from exitCode(). */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const mode = exitModeOf(argv, io);
  let code: number | undefined;
  try {
    // A probe runs every few seconds in every container: in its usual shapes it skips loading commander.
    const fast = argv[0] === 'probe' ? parseProbeArgs(argv.slice(1)) : null;
    if (fast !== null && !fleetOptionsInEnv(io.env)) return await probeCommand(fast.targets[0], fast.flags, io);
    const { buildProgram } = await import('./cli/program.js');
    const program = buildProgram(io, (c) => {
      code = c;
    });
    if (argv.length === 0) {
      io.stdout(program.helpInformation());
      return 0;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return code ?? 0;
  } catch (error: unknown) {
    if (error instanceof HealthctlError || error instanceof Interrupted) return errorExit(error, mode, io);
    // commander is loaded here only when it parsed the arguments, i.e. when it can have thrown.
    const { CommanderError } = await import('commander');
    if (!(error instanceof CommanderError)) return errorExit(error, mode, io);
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
    // commander's own line breaks (a suggestion follows on the next line) stay; the arguments it quotes are made inert.
    io.stderr(`healthctl: ${error.message.replace(/^error: /, '').split('\n').map((line) => makeInert(line)).join('\n')}\n`);
    return exitCode(mode(), 'usage');
  }
}
