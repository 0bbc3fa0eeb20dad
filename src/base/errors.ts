import type { NetPhase, Timings } from './timings.js';

/** Why a check could not produce a response; `phase` and `address` are always named in `message`. */
export type TransportFailure = 'unreachable' | 'timeout' | 'bad-response';

/**
 * The one error class of healthctl: every failure carries the outcome it maps to,
 * so the runtime translation never guesses from a message.
 */
export class HealthctlError extends Error {
  readonly outcome: TransportFailure | 'usage';
  readonly phase: NetPhase | null;
  readonly address: string | null;
  /** Timings up to the failure, when a network attempt was made. */
  readonly timings: Timings | null;

  constructor(
    outcome: TransportFailure | 'usage',
    message: string,
    options: { phase?: NetPhase | null; address?: string | null; timings?: Timings | null; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HealthctlError';
    this.outcome = outcome;
    this.phase = options.phase ?? null;
    this.address = options.address ?? null;
    this.timings = options.timings ?? null;
  }
}

/** SIGINT or SIGTERM ended the run: the reason of `Io.signal`, which commands throw to stop. */
export class Interrupted extends Error {
  readonly signalName: string;
  constructor(signalName: string) {
    super(`interrupted by ${signalName}`);
    this.name = 'Interrupted';
    this.signalName = signalName;
  }
}

export function usageError(message: string): HealthctlError {
  return new HealthctlError('usage', message);
}

/** `value` when it is one of `allowed`, else a usage error naming where it came from (`--probe`, `HEALTHCTL_PROBE`). */
export function oneOf<T extends string>(value: string, allowed: readonly T[], from: string): T {
  const found = allowed.find((a) => a === value);
  if (found === undefined) throw usageError(`${from}: '${value}' is not one of ${allowed.join(', ')}`);
  return found;
}
