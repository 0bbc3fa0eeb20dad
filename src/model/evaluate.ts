import { matchesAny, type NamePattern } from './patterns.js';
import { PROBE_KINDS, type Component, type Condition, type Overall, type Phase, type ProbeKind, type StateModel, type Verdict } from './types.js';

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
  /**
   * The probe kind the target's path is dedicated to (`/livez`, `/readyz`, `/startupz`…), or
   * null (the default) for a combined endpoint. The service's own answer there decides that
   * kind, liveness included.
   */
  endpointKind?: ProbeKind | null;
}

export interface EvaluatedComponent extends Component {
  /** False when the component is not required or left out by --only/--exclude. */
  counted: boolean;
  critical: boolean;
  /** What this component says for each probe, whether or not it is counted. */
  verdicts: Record<ProbeKind, Verdict>;
}

/** The service's own verdict, with what it says for each probe; it always counts. */
export interface EvaluatedOverall extends Overall {
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
  overall: EvaluatedOverall | null;
  /** The probe kind the target's path is dedicated to, or null for a combined endpoint. */
  endpointKind: ProbeKind | null;
  /** Every counted component decides liveness (a status-only answer, or a dedicated liveness endpoint), not only --critical ones. */
  livenessFromAnswer: boolean;
}

const RANK: Record<Verdict, number> = { pass: 0, warn: 1, fail: 2 };

function worst(a: Verdict, b: Verdict): Verdict {
  return RANK[a] >= RANK[b] ? a : b;
}

function conditionVerdict(condition: Condition, degraded: 'pass' | 'fail'): Verdict {
  if (condition === 'failed') return 'fail';
  if (condition === 'degraded') return degraded === 'fail' ? 'fail' : 'warn';
  return 'pass';
}

/**
 * Answers that are nothing but a status (HTTP status, gRPC ServingStatus, JSON without a
 * status member): every probe kind follows it, as kubelet's httpGet and grpc probes do.
 */
function isStatusOnly(model: StateModel): boolean {
  return model.format === 'http-status' || model.format === 'grpc' || (model.format === 'json' && model.overall === null);
}

function isStarted(phase: Phase): boolean {
  return phase === 'running' || phase === 'terminating';
}

interface Rules {
  degraded: 'pass' | 'fail';
  /** The probe kinds whose verdict follows the condition as well as the phase. */
  followsCondition: ReadonlySet<ProbeKind>;
}

/** What one phase × condition says for each probe; `watched` adds liveness to what it decides. */
function stateVerdicts(state: { phase: Phase; condition: Condition }, rules: Rules, watched: boolean): Record<ProbeKind, Verdict> {
  const condition = conditionVerdict(state.condition, rules.degraded);
  // Startup has no degraded state: only a failure holds a start back.
  const startup: Verdict = !isStarted(state.phase) || (rules.followsCondition.has('startup') && state.condition === 'failed') ? 'fail' : 'pass';
  const readiness: Verdict = state.phase === 'running' ? condition : 'fail';
  let liveness: Verdict = 'pass';
  if (rules.followsCondition.has('liveness')) liveness = state.phase === 'unavailable' ? 'fail' : condition;
  else if (watched && (condition === 'fail' || state.phase === 'unavailable')) liveness = 'fail';
  return { startup, liveness, readiness };
}

/** What the HTTP status allows at best: non-2xx is never a pass for startup and readiness. */
function statusCeiling(model: StateModel, status: number | null): Verdict {
  if (status === null) return 'pass';
  // Without a body model, kubelet's httpGet rule: 200–399 passes.
  if (isStatusOnly(model)) return status >= 200 && status <= 399 ? 'pass' : 'fail';
  if (status >= 200 && status <= 299) return 'pass';
  if (model.format === 'consul' && status === 429) return 'warn';
  return 'fail';
}

function evaluateOverall(overall: Overall | null, rules: Rules): EvaluatedOverall | null {
  if (overall === null) return null;
  // The service's own "failing" is never an error after start: startup follows it too.
  const verdicts = stateVerdicts(overall, { ...rules, followsCondition: new Set([...rules.followsCondition, 'startup']) }, false);
  return { ...overall, verdicts };
}

/** Whether a component decides `kind`: counted ones, and for liveness the critical ones (or every counted one when the answer decides liveness). */
export function countsFor(evaluation: Pick<Evaluation, 'livenessFromAnswer'>, c: Pick<EvaluatedComponent, 'counted' | 'critical'>, kind: ProbeKind): boolean {
  if (kind !== 'liveness') return c.counted;
  return c.critical || (c.counted && evaluation.livenessFromAnswer);
}

/**
 * The one evaluation: every runtime translates this result and never decides again.
 * Pure; the same model and options always give the same verdicts.
 */
export function evaluate(model: StateModel, options: EvaluateOptions): Evaluation {
  const endpointKind = options.endpointKind ?? null;
  const statusOnly = isStatusOnly(model);
  const followsCondition = new Set<ProbeKind>(statusOnly ? PROBE_KINDS : []);
  if (endpointKind !== null) followsCondition.add(endpointKind);
  const rules: Rules = { degraded: options.degraded, followsCondition };
  const livenessFromAnswer = followsCondition.has('liveness');

  const components = model.components.map((c): EvaluatedComponent => {
    const selected = (options.only.length === 0 || matchesAny(options.only, c.name)) && !matchesAny(options.exclude, c.name);
    const decides = options.allReportedDecide || c.required;
    const critical = selected && matchesAny(options.critical, c.name);
    // Fields listed, not spread: spreading 100,000 components costs seconds and doubles the heap.
    const { name, phase, condition, required, error, attributes } = c;
    return { name, phase, condition, required, error, attributes, counted: selected && decides, critical, verdicts: stateVerdicts(c, rules, critical) };
  });
  const unmatchedOnly = options.only.filter((p) => !model.components.some((c) => p.test(c.name))).map((p) => p.source);

  const probes: Record<ProbeKind, Verdict> = { startup: 'pass', liveness: 'pass', readiness: 'pass' };
  const reasons: Record<ProbeKind, EvaluatedComponent[]> = { startup: [], liveness: [], readiness: [] };
  const scope = { livenessFromAnswer };
  for (const c of components) {
    for (const kind of PROBE_KINDS) {
      if (!countsFor(scope, c, kind) || c.verdicts[kind] === 'pass') continue;
      probes[kind] = worst(probes[kind], c.verdicts[kind]);
      reasons[kind].push(c);
    }
  }
  if (unmatchedOnly.length > 0) {
    probes.startup = 'fail';
    probes.readiness = 'fail';
    if (livenessFromAnswer) probes.liveness = 'fail';
  }

  // The service's own verdict counts like the HTTP status: no --exclude or --only takes it away.
  const overall = evaluateOverall(model.overall, rules);
  if (overall !== null) for (const kind of PROBE_KINDS) probes[kind] = worst(probes[kind], overall.verdicts[kind]);

  const ceiling = statusCeiling(model, options.httpStatus);
  const statusCapped: Record<ProbeKind, boolean> = { startup: false, liveness: false, readiness: false };
  for (const kind of PROBE_KINDS) {
    if (kind === 'liveness' && !livenessFromAnswer) continue;
    // Startup has no degraded state: a 429 "warning" does not hold a start back.
    const cap = kind === 'startup' && ceiling === 'warn' ? 'pass' : ceiling;
    if (RANK[cap] > RANK[probes[kind]]) {
      probes[kind] = cap;
      statusCapped[kind] = true;
    }
  }
  for (const kind of PROBE_KINDS) {
    reasons[kind].sort((a, b) => RANK[b.verdicts[kind]] - RANK[a.verdicts[kind]]);
  }
  return { probes, components, reasons, statusCapped, unmatchedOnly, overall, endpointKind, livenessFromAnswer };
}
