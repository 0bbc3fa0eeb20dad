import { existsSync } from 'node:fs';
import { RUNTIMES, type DetectSign, type RuntimeName } from './facts.js';

/** The runtime a check answers for, and how it was chosen (diagnose shows both). */
export interface RuntimeChoice {
  runtime: RuntimeName;
  /** Named by the flag or the environment variable, or detected by `auto`. */
  source: '--runtime' | 'HEALTHCTL_RUNTIME' | 'auto';
  /** What `auto` saw, e.g. `KUBERNETES_SERVICE_HOST is set`; null when the runtime was named. */
  reason: string | null;
}

/** What `--runtime auto` looks at. */
export interface Surroundings {
  env: NodeJS.ProcessEnv;
  /** A terminal on stdout is a person, wherever the process runs. */
  stdoutIsTTY: boolean;
  fileExists?: (path: string) => boolean;
}

/**
 * The order `auto` asks in; the first whose sign is there decides. A person at a terminal first:
 * `kubectl exec -it` and `docker exec -t` sessions carry the container's variables too.
 */
const DETECTION_ORDER = ['plain', 'ecs', 'kubernetes', 'docker', 'systemd'] as const satisfies readonly RuntimeName[];

/** What the surroundings show of `sign`, in words (`KUBERNETES_SERVICE_HOST is set`), or null. */
function seen(sign: DetectSign, s: Required<Surroundings>): string | null {
  if (sign.terminal === true && s.stdoutIsTTY) return 'stdout is a terminal';
  const name = sign.env?.find((n) => s.env[n]);
  if (name !== undefined) return `${name} is set`;
  return sign.files?.find(([path]) => s.fileExists(path))?.[1] ?? null;
}

/** `--runtime auto`: a terminal on stdout, then ECS, Kubernetes, Docker, systemd; else plain. */
export function detectRuntime(surroundings: Surroundings): RuntimeChoice {
  const s = { fileExists: existsSync, ...surroundings };
  for (const runtime of DETECTION_ORDER) {
    const reason = seen(RUNTIMES[runtime].detect, s);
    if (reason !== null) return { runtime, source: 'auto', reason };
  }
  return { runtime: 'plain', source: 'auto', reason: 'no runtime detected' };
}
