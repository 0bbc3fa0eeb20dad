import type { Outcome } from '../model/types.js';

export const RUNTIME_NAMES = ['plain', 'kubernetes', 'docker', 'ecs', 'systemd', 'nagios'] as const;
export type RuntimeName = (typeof RUNTIME_NAMES)[number];

/** The exit code of each outcome under each runtime; the README shows the same table. */
export const EXIT_CODES = {
  plain: { pass: 0, warn: 0, usage: 1, unreachable: 2, timeout: 3, 'bad-response': 3, fail: 4 },
  kubernetes: { pass: 0, warn: 0, usage: 1, unreachable: 2, timeout: 3, 'bad-response': 3, fail: 4 },
  ecs: { pass: 0, warn: 0, usage: 1, unreachable: 2, timeout: 3, 'bad-response': 3, fail: 4 },
  systemd: { pass: 0, warn: 0, usage: 1, unreachable: 2, timeout: 3, 'bad-response': 3, fail: 4 },
  // Docker reserves 2: nothing exits 2 here.
  docker: { pass: 0, warn: 0, usage: 1, unreachable: 1, timeout: 1, 'bad-response': 1, fail: 1 },
  nagios: { pass: 0, warn: 1, usage: 3, unreachable: 2, timeout: 2, 'bad-response': 3, fail: 2 },
} as const satisfies Record<RuntimeName, Record<Outcome, number>>;

export const NAGIOS_STATES = { 0: 'OK', 1: 'WARNING', 2: 'CRITICAL', 3: 'UNKNOWN' } as const;

/** Default deadline per runtime: always shorter than the runtime's own timeout. */
export const DEFAULT_DEADLINE_MS = {
  kubernetes: 800,
  docker: 24_000,
  ecs: 4_000,
  systemd: 10_000,
  nagios: 8_000,
  plain: 5_000,
} as const satisfies Record<RuntimeName, number>;

/** Bytes the runtime keeps of a check's output; null where it keeps everything. */
export const OUTPUT_CAP_BYTES = {
  kubernetes: 10 * 1024,
  docker: 4096,
  ecs: 4096,
  systemd: null,
  nagios: null,
  plain: null,
} as const satisfies Record<RuntimeName, number | null>;

export function exitCodeFor(runtime: RuntimeName, outcome: Outcome): number {
  return EXIT_CODES[runtime][outcome];
}
