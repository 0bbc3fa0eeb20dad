import type { Timings } from '../base/timings.js';
import { countsFor, type Evaluation } from '../model/evaluate.js';
import type { Component, FormatName, Overall, Outcome, ProbeKind, Verdict } from '../model/types.js';
import type { RuntimeName } from '../runtimes/facts.js';

export interface ReportComponent extends Component {
  /** This component's verdict for the chosen probe. */
  verdict: Verdict;
  /** False when the component does not decide the chosen probe (not required, or left out). */
  counted: boolean;
  critical: boolean;
}

/** The service's own verdict as the report shows it: where it was read, and what it says for the chosen probe. */
export interface ReportOverall extends Omit<Overall, 'standIn'> {
  verdict: Verdict;
}

/** The `healthctl/v1` JSON document, and what every runtime renders from. */
export interface Report {
  schema: 'healthctl/v1';
  target: string;
  probe: ProbeKind;
  runtime: RuntimeName;
  format: FormatName | null;
  outcome: Outcome;
  exitCode: number;
  summary: string;
  http: { status: number } | null;
  address: string | null;
  timings: Timings | null;
  probes: Record<ProbeKind, Verdict>;
  /** The service's own overall verdict, when its format has one; it counts whatever --exclude leaves. */
  overall: ReportOverall | null;
  components: ReportComponent[];
  /** What went wrong when no state model was read; names the phase and the address. */
  error: string | null;
  /** Components left out of this document to stay within the runtime's output cap. */
  omittedComponents?: number;
}

export function toReportOverall(evaluation: Evaluation, probe: ProbeKind): ReportOverall | null {
  const o = evaluation.overall;
  if (o === null) return null;
  return { status: o.status, phase: o.phase, condition: o.condition, source: o.source, text: o.text, verdict: o.verdicts[probe] };
}

export function toReportComponents(evaluation: Evaluation, probe: ProbeKind): ReportComponent[] {
  return evaluation.components.map((c) => ({
    name: c.name,
    phase: c.phase,
    condition: c.condition,
    required: c.required,
    error: c.error,
    attributes: c.attributes,
    verdict: c.verdicts[probe],
    counted: countsFor(evaluation, c, probe),
    critical: c.critical,
  }));
}

export const FAILED_PROBES: Record<ProbeKind, Verdict> = { startup: 'fail', liveness: 'fail', readiness: 'fail' };
