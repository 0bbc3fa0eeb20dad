import { CommanderError } from 'commander';
import { resolveRuntime } from './config/check-options.js';
import { HealthctlError } from './errors.js';
import type { Io } from './io.js';
import { buildProgram } from './cli/program.js';
import { exitCodeFor, type RuntimeName } from './runtimes/exit-codes.js';

const SIGNAL_NUMBERS: Record<string, number> = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 };

function processIo(): Io {
  const controller = new AbortController();
  for (const name of ['SIGINT', 'SIGTERM'] as const) {
    process.once(name, () => controller.abort(new Interrupted(name)));
  }
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    stdoutIsTTY: process.stdout.isTTY === true,
    signal: controller.signal,
    startedAt: 0,
  };
}

export class Interrupted extends Error {
  readonly signalName: string;
  constructor(signalName: string) {
    super(`interrupted by ${signalName}`);
    this.signalName = signalName;
  }
}

/** `--runtime` as written on the command line, for errors found before the options are parsed. */
function runtimeFromArgv(argv: readonly string[], env: NodeJS.ProcessEnv): RuntimeName {
  const at = argv.findIndex((a) => a === '--runtime' || a.startsWith('--runtime='));
  const flag = at < 0 ? undefined : argv[at]?.includes('=') ? argv[at]?.split('=')[1] : argv[at + 1];
  try {
    return resolveRuntime(flag, env);
  } catch {
    return resolveRuntime(undefined, env);
  }
}

/** The one place an exit code is decided; nothing below calls process.exit(). */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  let code: number | undefined;
  try {
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
    const runtime = runtimeFromArgv(argv, io.env);
    // `pomerium health` exits 0 or 1; -a keeps that promise even for a usage error.
    const usageCode = argv.some((a) => a === '-a' || a.startsWith('--health-addr')) ? 1 : exitCodeFor(runtime, 'usage');
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      io.stderr(`healthctl: ${error.message.replace(/^error: /, '')}\n`);
      return usageCode;
    }
    if (error instanceof Interrupted) {
      io.stderr(`healthctl: ${error.message}\n`);
      return runtime === 'nagios' ? 3 : 128 + (SIGNAL_NUMBERS[error.signalName] ?? 15);
    }
    if (error instanceof HealthctlError) {
      io.stderr(`healthctl: ${error.message}\n`);
      return error.outcome === 'usage' ? usageCode : exitCodeFor(runtime, error.outcome);
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`healthctl: internal error: ${message}\n`);
    return usageCode;
  }
}
