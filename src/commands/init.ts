import { parseTarget } from '../config/target.js';
import { usageError } from '../errors.js';
import { renderCompose } from '../init/compose.js';
import { renderDocker } from '../init/docker.js';
import { renderEcs } from '../init/ecs.js';
import { renderKubernetes } from '../init/kubernetes.js';
import { INIT_RUNTIMES, type InitOptions, type InitRuntime } from '../init/options.js';
import { renderSystemd } from '../init/systemd.js';
import type { Io } from '../io.js';
import { PROBE_KINDS, type ProbeKind } from '../model/types.js';

export interface InitFlags {
  probe?: string;
  bin?: string;
}

const RENDER = {
  kubernetes: renderKubernetes,
  docker: renderDocker,
  compose: renderCompose,
  ecs: renderEcs,
  systemd: renderSystemd,
} as const satisfies Record<InitRuntime, (options: InitOptions) => string>;

function oneOf<T extends string>(value: string, allowed: readonly T[], what: string): T {
  const found = allowed.find((a) => a === value);
  if (found === undefined) throw usageError(`${what}: '${value}' is not one of ${allowed.join(', ')}`);
  return found;
}

/** Validates RUNTIME, TARGET and flags, then prints the configuration in one write. */
export function initCommand(runtimeArg: string, target: string | undefined, flags: InitFlags, io: Io): number {
  const runtime = oneOf(runtimeArg, INIT_RUNTIMES, 'RUNTIME');
  if (target !== undefined) parseTarget(target);
  const probe: ProbeKind | null = flags.probe === undefined ? null : oneOf(flags.probe, PROBE_KINDS, '--probe');
  const bin = flags.bin ?? 'healthctl';
  if (bin.trim() === '' || /[\r\n]/.test(bin)) throw usageError('--bin: expected a command name or an absolute path');
  io.stdout(RENDER[runtime]({ target: target ?? null, probe, bin }));
  return 0;
}
