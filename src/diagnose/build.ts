import { buildReport, targetEndpointKind } from '../check/build-report.js';
import type { CheckResult } from '../check/run-check.js';
import type { CheckOptions } from '../config/check-options.js';
import { NO_PAINT } from '../render/paint.js';
import { renderReport } from '../render/runtime-output.js';
import { DIAGNOSED_RUNTIMES, type Diagnosis, type RuntimeView } from '../reports/diagnosis.js';
import { findHints } from '../reports/hints.js';
import type { RuntimeChoice } from '../runtimes/detect.js';
import { RUNTIMES } from '../runtimes/facts.js';

export interface DiagnoseInput {
  result: CheckResult;
  options: CheckOptions;
  /** Whether --timeout (or HEALTHCTL_TIMEOUT) was given, rather than the runtime's default. */
  timeoutGiven: boolean;
  /** How `options.runtime` was chosen. */
  runtimeChoice: RuntimeChoice;
  env: NodeJS.ProcessEnv;
  checkedAt: Date;
}

/**
 * One check seen from everywhere: the chosen probe's report, and for every runtime the exit
 * code and text `healthctl probe --runtime NAME` prints for the same answer. Every verdict
 * comes from buildReport (one evaluate() each); nothing here decides anything. Pure.
 */
export function buildDiagnosis({ result, options, timeoutGiven, runtimeChoice, env, checkedAt }: DiagnoseInput): Diagnosis {
  const report = buildReport(result, options);
  const runtimes = DIAGNOSED_RUNTIMES.map((runtime): RuntimeView => {
    const translated = buildReport(result, { ...options, runtime });
    return {
      runtime,
      outcome: translated.outcome,
      exitCode: translated.exitCode,
      output: renderReport(translated, { output: 'text', verbose: false, paint: NO_PAINT }),
      deadlineMs: timeoutGiven ? options.timeoutMs : RUNTIMES[runtime].deadlineMs,
    };
  });
  return {
    schema: 'healthctl-diagnose/v1',
    checkedAt: checkedAt.toISOString(),
    report,
    runtimeChoice,
    timeoutMs: options.timeoutMs,
    contentType: result.ok ? result.contentType : null,
    redirects: result.ok ? result.redirects : [],
    claimed: report.overall?.status ?? null,
    endpoint: targetEndpointKind(options.target),
    runtimes,
    hints: findHints({ options, timeoutGiven, result, report, env }),
  };
}
