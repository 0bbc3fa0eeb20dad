import type { ProbeKind } from '../model/types.js';

export const INIT_RUNTIMES = ['kubernetes', 'docker', 'compose', 'ecs', 'systemd'] as const;
export type InitRuntime = (typeof INIT_RUNTIMES)[number];

/** What every `init` renderer needs; validated by the command before rendering. */
export interface InitOptions {
  /** The TARGET as the user wrote it; null uses healthctl's default. */
  target: string | null;
  /** `--probe`: limits the output to one probe; null means the runtime's usual choice. */
  probe: ProbeKind | null;
  /** The executable as the runtime must find it: `healthctl` on PATH, or an absolute path. */
  bin: string;
}

/** `healthctl probe [--probe KIND] [TARGET]`; `--probe` is left out when it is the default. */
export function probeWords(options: InitOptions, kind: ProbeKind | null, explicit = false): string[] {
  const probe = kind === null || (kind === 'readiness' && !explicit) ? [] : ['--probe', kind];
  return [options.bin, 'probe', ...probe, ...(options.target === null ? [] : [options.target])];
}

/** A JSON array: valid in a Dockerfile exec form, in YAML flow style and in JSON. */
export function execArray(words: readonly string[]): string {
  return `[${words.map((w) => JSON.stringify(w)).join(', ')}]`;
}
