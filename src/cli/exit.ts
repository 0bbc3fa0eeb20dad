import { chooseRuntime } from '../config/check-options.js';
import { HealthctlError } from '../base/errors.js';
import { makeInert } from '../base/inert.js';
import type { Io } from '../base/io.js';
import { detectRuntime } from '../runtimes/detect.js';
import { exitCode } from '../runtimes/exit-code.js';
import type { RuntimeName } from '../runtimes/facts.js';

const SIGNAL_NUMBERS: Record<string, number> = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 };

export class Interrupted extends Error {
  readonly signalName: string;
  constructor(signalName: string) {
    super(`interrupted by ${signalName}`);
    this.signalName = signalName;
  }
}

export function processIo(): Io {
  // Node's own warnings (NODE_TLS_REJECT_UNAUTHORIZED=0, experimental features) are not healthctl's output:
  // under docker they would take bytes of the 4096 the runtime keeps. healthctl verifies TLS itself.
  process.removeAllListeners('warning');
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

type Surroundings = Pick<Io, 'env' | 'stdoutIsTTY'>;

/** `--runtime` as written on the command line, for errors found before the options are parsed. */
function runtimeFromArgv(argv: readonly string[], io: Surroundings): RuntimeName {
  const at = argv.findIndex((a) => a === '--runtime' || a.startsWith('--runtime='));
  const flag = at < 0 ? undefined : argv[at]?.includes('=') ? argv[at]?.split('=')[1] : argv[at + 1];
  try {
    return chooseRuntime(flag, io.env, io.stdoutIsTTY).runtime;
  } catch {
    // A bad --runtime or HEALTHCTL_RUNTIME may be the very error being reported: its exit code still needs a runtime.
    try {
      return chooseRuntime(undefined, io.env, io.stdoutIsTTY).runtime;
    } catch {
      return detectRuntime(io).runtime;
    }
  }
}

/** `pomerium health` exits 0 or 1; -a keeps that promise even for a usage error. */
export function usageExitCode(argv: readonly string[], io: Surroundings): number {
  return argv.some((a) => a === '-a' || a.startsWith('--health-addr')) ? 1 : exitCode({ runtime: runtimeFromArgv(argv, io), pomeriumCompat: false }, 'usage');
}

/** Says why on stderr and returns the exit code for an interrupt or a HealthctlError; null for any other error. */
export function knownErrorExit(error: unknown, argv: readonly string[], io: Io): number | null {
  if (error instanceof Interrupted) {
    io.stderr(`healthctl: ${makeInert(error.message)}\n`);
    return runtimeFromArgv(argv, io) === 'nagios' ? 3 : 128 + (SIGNAL_NUMBERS[error.signalName] ?? 15);
  }
  if (error instanceof HealthctlError) {
    io.stderr(`healthctl: ${makeInert(error.message)}\n`);
    return error.outcome === 'usage' ? usageExitCode(argv, io) : exitCode({ runtime: runtimeFromArgv(argv, io), pomeriumCompat: false }, error.outcome);
  }
  return null;
}

/** A bug: one line naming it, never a stack trace. */
export function internalErrorExit(error: unknown, argv: readonly string[], io: Io): number {
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`healthctl: internal error: ${makeInert(message)}\n`);
  return usageExitCode(argv, io);
}
