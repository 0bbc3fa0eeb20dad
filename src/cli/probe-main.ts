// Entry of dist/probe.cjs: the whole `healthctl probe` fast path in one CommonJS file, no commander.
import { internalErrorExit, knownErrorExit, processIo } from './exit.js';
import { fleetOptionsInEnv, parseProbeArgs, runProbe } from './probe-fast.js';

/** The exit code of `healthctl probe …`, or null when the arguments need the full CLI (help, errors, other commands). */
export async function probeMain(argv: readonly string[]): Promise<number | null> {
  const parsed = argv[0] === 'probe' ? parseProbeArgs(argv.slice(1)) : null;
  if (parsed === null || fleetOptionsInEnv(process.env)) return null;
  const io = processIo();
  try {
    return await runProbe(parsed.targets[0], parsed.flags, io);
  } catch (error: unknown) {
    return knownErrorExit(error, argv, io) ?? internalErrorExit(error, argv, io);
  }
}
