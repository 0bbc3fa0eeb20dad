import { parseDuration } from '../base/durations.js';
import { WAIT_FLAGS, type WaitFlags } from '../config/command-flags.js';
import { readFlag, type CheckFlags } from '../config/flags.js';

const DEFAULT_WAIT_MS = 60_000;
const DEFAULT_INTERVAL_MS = 1000;

export interface WaitTiming {
  /** The whole wait: --timeout, or HEALTHCTL_WAIT_TIMEOUT. */
  waitMs: number;
  /** The longest pause between attempts. */
  intervalMs: number;
  /** --request-timeout as given (checked), which becomes each attempt's deadline. */
  requestTimeout: string | undefined;
}

/** The timing flags of wait; `--timeout` here bounds the whole wait, not one check. */
export function resolveWaitTiming(flags: WaitFlags, env: NodeJS.ProcessEnv): WaitTiming {
  const wait = readFlag(WAIT_FLAGS, 'timeout', flags.timeout, env, String);
  const interval = readFlag(WAIT_FLAGS, 'interval', flags.interval, env, String);
  // Checked here, so that its error names --request-timeout or HEALTHCTL_REQUEST_TIMEOUT rather than --timeout.
  const request = readFlag(WAIT_FLAGS, 'requestTimeout', flags.requestTimeout, env, String);
  if (request !== undefined) parseDuration(request.value, request.from);
  return {
    waitMs: wait === undefined ? DEFAULT_WAIT_MS : parseDuration(wait.value, wait.from),
    intervalMs: interval === undefined ? DEFAULT_INTERVAL_MS : parseDuration(interval.value, interval.from),
    requestTimeout: request?.value,
  };
}

/** The flags of one attempt: its deadline is --request-timeout's (else HEALTHCTL_TIMEOUT, else the runtime's), never the whole wait's. */
export function attemptFlags(flags: WaitFlags, requestTimeout: string | undefined): CheckFlags {
  const { timeout: _whole, ...rest } = flags;
  return requestTimeout === undefined ? rest : { ...rest, timeout: requestTimeout };
}
