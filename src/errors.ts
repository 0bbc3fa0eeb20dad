import type { NetPhase, Timings, TransportFailure } from './transport/types.js';

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

export function usageError(message: string): HealthctlError {
  return new HealthctlError('usage', message);
}
