import { httpClientFor, repeatedChecksClient } from '../check/http-client.js';
import type { CheckResult, HttpTransport } from '../check/run-check.js';
import { runCheckWithin } from '../check/run-within.js';
import { unmatchedPatternWarnings } from '../check/unmatched-patterns.js';
import { chooseRuntime, resolveCheckOptions, type CheckFlags, type CheckOptions } from '../config/check-options.js';
import { parseDuration } from '../base/durations.js';
import { envString } from '../config/env.js';
import { buildDiagnosis } from '../diagnose/build.js';
import type { Diagnosis } from '../reports/diagnosis.js';
import { usageError } from '../base/errors.js';
import type { Io } from '../base/io.js';
import type { RuntimeChoice } from '../runtimes/detect.js';
import { renderDiagnosis } from '../render/diagnose-text.js';
import { inertBlock } from '../base/inert.js';
import { loadPaint, wantsColour } from '../render/paint.js';

export interface DiagnoseFlags extends CheckFlags {
  /** `--watch` alone is true; `--watch 2s` the interval. */
  watch?: string | boolean;
}

export const DEFAULT_WATCH_MS = 1000;
const MIN_WATCH_MS = 100;

/** One attempt with its own deadline; never outlives it by more than the failsafe. */
export async function checkOnce(options: CheckOptions, signal: AbortSignal, http?: HttpTransport): Promise<CheckResult> {
  return runCheckWithin(options, performance.now() + options.timeoutMs, signal, http);
}

/** The terminal's size when stdout is one; COLUMNS/LINES, else 100×40, when it is not. */
export function terminalSize(io: Io): { columns: number; rows: number } {
  const fromEnv = (name: string, fallback: number): number => {
    const n = Number(io.env[name]);
    return Number.isInteger(n) && n > 0 ? n : fallback;
  };
  if (io.stdoutIsTTY && process.stdout.isTTY) return { columns: process.stdout.columns || 100, rows: process.stdout.rows || 40 };
  return { columns: fromEnv('COLUMNS', 100), rows: fromEnv('LINES', 40) };
}

/** `--watch` → interval; a value that is not a duration is the TARGET commander took for it. */
export function watchSettings(target: string | undefined, watch: string | boolean | undefined): { target: string | undefined; intervalMs: number | null } {
  if (watch === undefined || watch === false) return { target, intervalMs: null };
  if (watch === true) return { target, intervalMs: DEFAULT_WATCH_MS };
  if (target === undefined && !/^\s*\d/.test(watch)) return { target: watch, intervalMs: DEFAULT_WATCH_MS };
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
  return { options, runtimeChoice, timeoutGiven: flags.timeout !== undefined || envString(io.env, 'timeout') !== undefined, intervalMs };
}

export async function diagnoseOnce(setup: DiagnoseSetup, io: Io): Promise<Diagnosis> {
  const result = await checkOnce(setup.options, io.signal, setup.http);
  if (io.signal.aborted) throw io.signal.reason;
  if (setup.options.verbose && result.body !== null && result.body !== '') io.stderr(inertBlock(result.body));
  return buildDiagnosis({ result, options: setup.options, timeoutGiven: setup.timeoutGiven, runtimeChoice: setup.runtimeChoice, env: io.env, checkedAt: new Date() });
}

/**
 * The operator's view of one check, or with --watch a live one. Exits with the chosen
 * probe's exit code under the chosen runtime, as `probe` would have.
 */
export async function diagnoseCommand(target: string | undefined, flags: DiagnoseFlags, io: Io): Promise<number> {
  const setup = setupDiagnose(target, flags, io);
  if (setup.intervalMs !== null) {
    const [{ watchDiagnosis }, client] = await Promise.all([import('./diagnose-watch.js'), httpClientFor(io.env, repeatedChecksClient([setup.options]))]);
    try {
      return await watchDiagnosis({ ...setup, http: client.http, intervalMs: setup.intervalMs, untilPass: false }, io);
    } finally {
      await client.close();
    }
  }
  const diagnosis = await diagnoseOnce(setup, io);
  if (setup.options.output === 'json') {
    io.stdout(`${JSON.stringify(diagnosis)}\n`);
  } else {
    const paint = await loadPaint(wantsColour(io.env, io.stdoutIsTTY));
    io.stdout(renderDiagnosis(diagnosis, { paint, width: terminalSize(io).columns, compact: false, changed: new Map() }));
  }
  // On stderr, whatever the runtime diagnose translates for: its output is read by a person, and -o json's stdout stays one document.
  const warnings = unmatchedPatternWarnings(setup.options, diagnosis.report.error === null ? diagnosis.report.components : null);
  if (warnings !== '') io.stderr(warnings);
  return diagnosis.report.exitCode;
}
