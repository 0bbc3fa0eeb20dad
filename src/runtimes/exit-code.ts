import type { Outcome } from '../model/types.js';
import { RUNTIMES, type RuntimeName } from './facts.js';

/** How a run's exit code is decided, resolved once per run: the runtime, and whether `-a` asked for `pomerium health`'s codes. */
export interface ExitMode {
  runtime: RuntimeName;
  /** `-a`: `pomerium health` exits 0 or 1 and nothing else, under every runtime. */
  pomeriumCompat: boolean;
}

/** How a run ended: with an outcome, or interrupted by a signal before it had one. */
export type Ending = Outcome | { interruptedBy: string };

const SIGNAL_NUMBERS: Readonly<Record<string, number>> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

/** The one place an ending becomes an exit code. */
export function exitCode(mode: ExitMode, ending: Ending): number {
  const facts = RUNTIMES[mode.runtime];
  if (typeof ending !== 'string') {
    return facts.interrupted === 'signal' ? 128 + (SIGNAL_NUMBERS[ending.interruptedBy] ?? 15) : facts.interrupted;
  }
  if (mode.pomeriumCompat) return ending === 'pass' || ending === 'warn' ? 0 : 1;
  return facts.exitCodes[ending];
}
