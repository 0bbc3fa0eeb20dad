import { formatDuration } from '../base/durations.js';
import { HealthctlError } from '../base/errors.js';
import type { CheckOptions } from '../config/check-options.js';
import { runCheck, type CheckResult, type HttpTransport } from './run-check.js';

/** Past the deadline the answer is "timeout", whatever the socket is still doing. */
const FAILSAFE_MS = 60;

/** One attempt that never outlives its deadline by more than the failsafe, whatever the transport does. */
export async function runCheckWithin(options: CheckOptions, deadline: number, signal: AbortSignal | null, http?: HttpTransport): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const failsafe = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => {
      const error = new HealthctlError('timeout', `timeout after ${formatDuration(options.timeoutMs)}: no answer from ${options.targetDisplay}`);
      resolve({ ok: false, error, format: null, httpStatus: null, address: null, timings: null, body: null });
    }, Math.max(0, deadline - performance.now() + FAILSAFE_MS));
  });
  try {
    return await Promise.race([runCheck(options, deadline, signal, http), failsafe]);
  } finally {
    clearTimeout(timer);
  }
}
