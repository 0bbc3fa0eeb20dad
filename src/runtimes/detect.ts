import { existsSync } from 'node:fs';
import type { RuntimeName } from './exit-codes.js';

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

type Rule = readonly [RuntimeName, (s: Required<Surroundings>) => string | null];

const envSet = (s: Surroundings, ...names: string[]): string | null => {
  const name = names.find((n) => s.env[n]);
  return name === undefined ? null : `${name} is set`;
};

/** In order; the first that matches decides. A person at a terminal first: `kubectl exec -it` and `docker exec -t` sessions carry the container's variables too. */
const RULES: readonly Rule[] = [
  ['plain', (s) => (s.stdoutIsTTY ? 'stdout is a terminal' : null)],
  ['ecs', (s) => envSet(s, 'ECS_CONTAINER_METADATA_URI_V4')],
  ['kubernetes', (s) => envSet(s, 'KUBERNETES_SERVICE_HOST')],
  // Podman marks its containers with /run/.containerenv and runs HEALTHCHECK as Docker does.
  ['docker', (s) => (s.fileExists('/.dockerenv') ? '/.dockerenv exists' : s.fileExists('/run/.containerenv') ? '/run/.containerenv exists (Podman)' : null)],
  ['systemd', (s) => envSet(s, 'INVOCATION_ID', 'NOTIFY_SOCKET')],
];

/** `--runtime auto`: a terminal on stdout, then ECS, Kubernetes, Docker, systemd; else plain. */
export function detectRuntime(surroundings: Surroundings): RuntimeChoice {
  const s = { fileExists: existsSync, ...surroundings };
  for (const [runtime, test] of RULES) {
    const reason = test(s);
    if (reason !== null) return { runtime, source: 'auto', reason };
  }
  return { runtime: 'plain', source: 'auto', reason: 'no runtime detected' };
}
