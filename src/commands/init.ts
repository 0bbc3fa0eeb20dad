import { oneOf, usageError } from '../base/errors.js';
import type { Io } from '../base/io.js';
import { INIT_FLAGS, type InitFlags } from '../config/command-flags.js';
import { parseTarget } from '../config/target.js';
import { renderCompose } from '../init/compose.js';
import { renderDocker } from '../init/docker.js';
import { renderEcs } from '../init/ecs.js';
import { renderKubernetes } from '../init/kubernetes.js';
import { INIT_RUNTIMES, type InitOptions, type InitRuntime } from '../init/options.js';
import { renderSystemd } from '../init/systemd.js';
import type { ProbeKind } from '../model/types.js';

const RENDER = {
  kubernetes: renderKubernetes,
  docker: renderDocker,
  compose: renderCompose,
  ecs: renderEcs,
  systemd: renderSystemd,
} as const satisfies Record<InitRuntime, (options: InitOptions) => string>;

/** Validates RUNTIME, TARGET and flags, then prints the configuration in one write. */
export function initCommand(runtimeArg: string, target: string | undefined, flags: InitFlags, io: Io): number {
  const runtime = oneOf(runtimeArg, INIT_RUNTIMES, 'RUNTIME');
  if (target !== undefined) parseTarget(target);
  const probe: ProbeKind | null = flags.probe === undefined ? null : oneOf(flags.probe, INIT_FLAGS.probe.choices, '--probe');
  const bin = flags.bin ?? 'healthctl';
  if (bin.trim() === '' || /[\r\n]/.test(bin)) throw usageError('--bin: expected a command name or an absolute path');
  io.stdout(RENDER[runtime]({ target: target ?? null, probe, bin }));
  return 0;
}
