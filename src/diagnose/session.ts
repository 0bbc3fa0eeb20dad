import { parseDuration } from '../base/durations.js';
import { usageError } from '../base/errors.js';
import { inertBlock } from '../base/inert.js';
import type { Io } from '../base/io.js';
import type { HttpTransport } from '../check/run-check.js';
import { runCheckWithin } from '../check/run-within.js';
import { chooseRuntime, resolveCheckOptions, type CheckOptions } from '../config/check-options.js';
import type { DiagnoseFlags } from '../config/command-flags.js';
import { CHECK_FLAGS, readFlag } from '../config/flags.js';
import type { Diagnosis } from '../reports/diagnosis.js';
import type { RuntimeChoice } from '../runtimes/detect.js';
import { buildDiagnosis } from './build.js';

const DEFAULT_WATCH_MS = 1000;
const MIN_WATCH_MS = 100;

/** `--watch` → interval; a value that is not a duration is the TARGET commander took for it. */
export function watchSettings(target: string | undefined, watch: string | boolean | undefined): { target: string | undefined; intervalMs: number | null } {
  if (watch === undefined || watch === false) return { target, intervalMs: null };
  if (watch === true) return { target, intervalMs: DEFAULT_WATCH_MS };
  // A word after --watch that starts with a digit is INTERVAL: an address there is a mistake of order.
  if (target === undefined && /[:/]/.test(watch)) throw usageError(`--watch: '${watch}' is not a duration; put a TARGET that starts with a digit before --watch (diagnose ${watch} --watch)`);
  const intervalMs = parseDuration(watch, '--watch');
  if (intervalMs < MIN_WATCH_MS) throw usageError(`--watch: the interval must be at least ${MIN_WATCH_MS}ms (got '${watch}')`);
  return { target, intervalMs };
}

export interface DiagnoseSetup {
  options: CheckOptions;
  runtimeChoice: RuntimeChoice;
  timeoutGiven: boolean;
  intervalMs: number | null;
  /** How HTTP(S) checks are sent; a connection of their own by default. */
  http?: HttpTransport | undefined;
}

/** Every flag checked before any network call. */
export function setupDiagnose(targetArg: string | undefined, flags: DiagnoseFlags, io: Pick<Io, 'env' | 'stdoutIsTTY'>): DiagnoseSetup {
  const { target, intervalMs } = watchSettings(targetArg, flags.watch);
  const runtimeChoice = chooseRuntime(flags.runtime, io.env, io.stdoutIsTTY);
  const options = resolveCheckOptions(target, { ...flags, runtime: runtimeChoice.runtime }, io.env);
  return { options, runtimeChoice, timeoutGiven: readFlag(CHECK_FLAGS, 'timeout', flags.timeout, io.env, String) !== undefined, intervalMs };
}

/** One check with its own deadline, seen from everywhere; with -v its raw body on stderr. */
export async function diagnoseOnce(setup: DiagnoseSetup, io: Io): Promise<Diagnosis> {
  const result = await runCheckWithin(setup.options, performance.now() + setup.options.timeoutMs, io.signal, setup.http);
  if (io.signal.aborted) throw io.signal.reason;
  if (setup.options.verbose && result.body !== null && result.body !== '') io.stderr(inertBlock(result.body));
  return buildDiagnosis({ result, options: setup.options, timeoutGiven: setup.timeoutGiven, runtimeChoice: setup.runtimeChoice, env: io.env, checkedAt: new Date() });
}
