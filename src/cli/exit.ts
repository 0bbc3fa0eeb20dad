import { HealthctlError, Interrupted } from '../base/errors.js';
import { makeInert } from '../base/inert.js';
import type { Io } from '../base/io.js';
import { chooseRuntime } from '../config/check-options.js';
import { flagName } from '../config/env.js';
import { CHECK_FLAGS, readFlag, type FlagSpec } from '../config/flags.js';
import { detectRuntime } from '../runtimes/detect.js';
import { exitCode, type ExitMode } from '../runtimes/exit-code.js';

/**
 * The value of a check flag as written on the command line (`--runtime nagios`, `--runtime=nagios`,
 * `-a HOST:PORT`), before `--`; true for a flag without its value. For errors found before, or
 * while, the options are parsed: their exit code needs the runtime too.
 */
function scanFlag(argv: readonly string[], key: keyof typeof CHECK_FLAGS): string | true | undefined {
  const spec: FlagSpec = CHECK_FLAGS[key];
  const long = flagName(key);
  const end = argv.indexOf('--');
  for (const [i, arg] of (end < 0 ? argv : argv.slice(0, end)).entries()) {
    if (arg.startsWith(`${long}=`)) return arg.slice(long.length + 1);
    if (arg === long || (spec.short !== undefined && arg === spec.short)) return argv[i + 1] ?? true;
  }
  return undefined;
}

/** The runtime for an exit code, even when the runtime named is the very mistake being reported. */
function runtimeOf(flag: string | true | undefined, io: Io): ExitMode['runtime'] {
  try {
    return chooseRuntime(typeof flag === 'string' ? flag : undefined, io.env, io.stdoutIsTTY).runtime;
  } catch {
    try {
      return chooseRuntime(undefined, io.env, io.stdoutIsTTY).runtime;
    } catch {
      return detectRuntime(io).runtime;
    }
  }
}

/**
 * The run's exit mode (the runtime, and -a's two codes), resolved once, when the first exit
 * code that needs it is decided; a probe that ends with its report never pays for it.
 */
export function exitModeOf(argv: readonly string[], io: Io): () => ExitMode {
  let mode: ExitMode | undefined;
  return () => {
    mode ??= {
      runtime: runtimeOf(scanFlag(argv, 'runtime'), io),
      pomeriumCompat: scanFlag(argv, 'healthAddr') !== undefined || readFlag(CHECK_FLAGS, 'healthAddr', undefined, io.env, String) !== undefined,
    };
    return mode;
  };
}

/** Says why on stderr, in one line, and returns the exit code: of an interruption, of a HealthctlError, or of a bug (never a stack trace). */
export function errorExit(error: unknown, mode: () => ExitMode, io: Io): number {
  if (error instanceof Interrupted) {
    io.stderr(`healthctl: ${makeInert(error.message)}\n`);
    return exitCode(mode(), { interruptedBy: error.signalName });
  }
  if (error instanceof HealthctlError) {
    io.stderr(`healthctl: ${makeInert(error.message)}\n`);
    return exitCode(mode(), error.outcome);
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`healthctl: internal error: ${makeInert(message)}\n`);
  return exitCode(mode(), 'usage');
}
