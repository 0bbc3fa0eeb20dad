import { clip } from '../base/text.js';
import type { CheckOptions } from '../config/check-options.js';
import type { Target } from '../config/target.js';
import { endpointKind } from '../model/endpoints.js';
import { evaluate, type Evaluation } from '../model/evaluate.js';
import { summarize } from '../model/summary.js';
import type { Outcome, ProbeKind } from '../model/types.js';
import { exitCode } from '../runtimes/exit-code.js';
import { FAILED_PROBES, toReportComponents, toReportOverall, type Report } from './report.js';
import type { CheckResult } from './run-check.js';

const ERROR_TITLE: Record<'unreachable' | 'timeout' | 'bad-response' | 'usage', string> = {
  unreachable: 'UNREACHABLE',
  timeout: 'TIMEOUT',
  'bad-response': 'BAD RESPONSE',
  usage: 'USAGE',
};

/** Errors from the network or the body can carry arbitrary text; keep the document bounded: 600 characters and a `…`. */
function bounded(text: string): string {
  return clip(text, 601);
}

/** The probe kind an http(s) target's path is dedicated to (`/livez`…), or null: tcp:// and grpc:// have no path. */
export function targetEndpointKind(target: Target): ProbeKind | null {
  return target.kind === 'http' ? endpointKind(target.url.pathname) : null;
}

export function evaluateResult(result: Extract<CheckResult, { ok: true }>, options: CheckOptions): Evaluation {
  return evaluate(result.model, {
    only: options.only,
    exclude: options.exclude,
    critical: options.critical,
    degraded: options.degraded,
    httpStatus: result.httpStatus,
    allReportedDecide: options.pomeriumCompat,
    endpointKind: targetEndpointKind(options.target),
  });
}

/** One check's result, evaluated once and translated for the chosen runtime. */
export function buildReport(result: CheckResult, options: CheckOptions): Report {
  const base = {
    schema: 'healthctl/v1' as const,
    target: options.targetDisplay,
    probe: options.probe,
    runtime: options.runtime,
    http: result.httpStatus === null ? null : { status: result.httpStatus },
    address: result.address,
    timings: result.timings,
  };
  if (!result.ok) {
    const outcome = result.error.outcome;
    const error = bounded(result.error.message);
    return { ...base, format: result.format, outcome, exitCode: exitCode(options, outcome), summary: `${ERROR_TITLE[outcome]}: ${error}`, probes: FAILED_PROBES, overall: null, components: [], error };
  }
  const evaluation = evaluateResult(result, options);
  const outcome: Outcome = evaluation.probes[options.probe];
  return {
    ...base,
    format: result.model.format,
    outcome,
    exitCode: exitCode(options, outcome),
    summary: bounded(summarize(evaluation, options.probe, result.httpStatus)),
    probes: evaluation.probes,
    overall: toReportOverall(evaluation, options.probe),
    components: toReportComponents(evaluation, options.probe),
    error: null,
  };
}
