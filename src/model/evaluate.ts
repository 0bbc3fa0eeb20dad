import { matchesAny, type NamePattern } from './patterns.js';
import type { Component, ProbeKind, StateModel, Verdict } from './types.js';

export interface EvaluateOptions {
  only: readonly NamePattern[];
  exclude: readonly NamePattern[];
  critical: readonly NamePattern[];
  degraded: 'pass' | 'fail';
  /** HTTP status of the answer, or null where there is none (gRPC). */
  httpStatus: number | null;
  /**
   * Every reported component decides, not only required ones (`pomerium health` semantics
   * behind `-a`).
   */
  allReportedDecide: boolean;
}

export interface EvaluatedComponent extends Component {
  /** False when the component is not required or left out by --only/--exclude. */
  counted: boolean;
  critical: boolean;
  /** What this component says for each probe, whether or not it is counted. */
  verdicts: Record<ProbeKind, Verdict>;
}

export interface Evaluation {
  probes: Record<ProbeKind, Verdict>;
  components: EvaluatedComponent[];
  /** Why each probe did not pass outright, worst first; empty when it passed. */
  reasons: Record<ProbeKind, EvaluatedComponent[]>;
  /** The HTTP status capped a probe that the body alone would have passed. */
  statusCapped: Record<ProbeKind, boolean>;
  /** --only patterns that matched nothing: such a probe cannot pass. */
  unmatchedOnly: string[];
}

const RANK: Record<Verdict, number> = { pass: 0, warn: 1, fail: 2 };

function worst(a: Verdict, b: Verdict): Verdict {
  return RANK[a] >= RANK[b] ? a : b;
}

function conditionVerdict(c: Component, degraded: 'pass' | 'fail'): Verdict {
  if (c.condition === 'failed') return 'fail';
  if (c.condition === 'degraded') return degraded === 'fail' ? 'fail' : 'warn';
  return 'pass';
}

/**
 * Formats whose answer is nothing but a status (HTTP status, gRPC ServingStatus): liveness
 * follows it, as kubelet's httpGet and grpc probes do.
 */
function livenessFollowsStatus(format: StateModel['format']): boolean {
  return format === 'http-status' || format === 'grpc';
}

function componentVerdicts(c: Component, critical: boolean, options: EvaluateOptions, format: StateModel['format']): Record<ProbeKind, Verdict> {
  const startup: Verdict = c.phase === 'running' || c.phase === 'terminating' ? 'pass' : 'fail';
  const readiness: Verdict = c.phase === 'running' ? conditionVerdict(c, options.degraded) : 'fail';
  const watched = critical || livenessFollowsStatus(format);
  const liveness: Verdict = watched && conditionVerdict(c, options.degraded) === 'fail' ? 'fail' : 'pass';
  return { startup, liveness, readiness };
}

/** What the HTTP status allows at best: non-2xx is never a pass for startup and readiness. */
function statusCeiling(model: StateModel, status: number | null): Verdict {
  if (status === null) return 'pass';
  // Without a body model, kubelet's httpGet rule: 200–399 passes.
  if (model.format === 'http-status') return status >= 200 && status <= 399 ? 'pass' : 'fail';
  if (status >= 200 && status <= 299) return 'pass';
  if (model.format === 'consul' && status === 429) return 'warn';
  return 'fail';
}

/**
 * The one evaluation: every runtime translates this result and never decides again.
 * Pure; the same model and options always give the same verdicts.
 */
export function evaluate(model: StateModel, options: EvaluateOptions): Evaluation {
  const components = model.components.map((c): EvaluatedComponent => {
    const selected = (options.only.length === 0 || matchesAny(options.only, c.name)) && !matchesAny(options.exclude, c.name);
    const decides = options.allReportedDecide || c.required;
    const critical = selected && matchesAny(options.critical, c.name);
    // Fields listed, not spread: spreading 100,000 components costs seconds and doubles the heap.
    const { name, phase, condition, required, error, attributes } = c;
    return { name, phase, condition, required, error, attributes, counted: selected && decides, critical, verdicts: componentVerdicts(c, critical, options, model.format) };
  });
  const unmatchedOnly = options.only.filter((p) => !model.components.some((c) => p.test(c.name))).map((p) => p.source);

  const probes: Record<ProbeKind, Verdict> = { startup: 'pass', liveness: 'pass', readiness: 'pass' };
  const reasons: Record<ProbeKind, EvaluatedComponent[]> = { startup: [], liveness: [], readiness: [] };
  for (const c of components) {
    for (const kind of ['startup', 'liveness', 'readiness'] as const) {
      const counts = kind === 'liveness' ? c.critical || (c.counted && livenessFollowsStatus(model.format)) : c.counted;
      if (!counts || c.verdicts[kind] === 'pass') continue;
      probes[kind] = worst(probes[kind], c.verdicts[kind]);
      reasons[kind].push(c);
    }
  }
  if (unmatchedOnly.length > 0) {
    probes.startup = 'fail';
    probes.readiness = 'fail';
  }

  const ceiling = statusCeiling(model, options.httpStatus);
  const statusCapped: Record<ProbeKind, boolean> = { startup: false, liveness: false, readiness: false };
  for (const kind of ['startup', 'readiness'] as const) {
    // Startup has no degraded state: a 429 "warning" does not hold a start back.
    const cap = kind === 'startup' && ceiling === 'warn' ? 'pass' : ceiling;
    if (RANK[cap] > RANK[probes[kind]]) {
      probes[kind] = cap;
      statusCapped[kind] = true;
    }
  }
  for (const kind of ['startup', 'liveness', 'readiness'] as const) {
    reasons[kind].sort((a, b) => RANK[b.verdicts[kind]] - RANK[a.verdicts[kind]]);
  }
  return { probes, components, reasons, statusCapped, unmatchedOnly };
}
