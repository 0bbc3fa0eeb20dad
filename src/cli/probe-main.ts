// Entry of dist/probe.cjs: the whole `healthctl probe` fast path in one CommonJS file, no commander.
import { probeCommand } from '../commands/probe.js';
import { errorExit, exitModeOf } from './exit.js';
import { fleetOptionsInEnv, parseProbeArgs } from './probe-fast.js';
import { processIo } from './process-io.js';

/** The exit code of `healthctl probe …`, or null when the arguments need the full CLI (help, errors, other commands). */
export async function probeMain(argv: readonly string[]): Promise<number | null> {
  const parsed = argv[0] === 'probe' ? parseProbeArgs(argv.slice(1)) : null;
  if (parsed === null || fleetOptionsInEnv(process.env)) return null;
  const io = processIo();
  try {
    return await probeCommand(parsed.targets[0], parsed.flags, io);
  } catch (error: unknown) {
    return errorExit(error, exitModeOf(argv, io), io);
  }
}
