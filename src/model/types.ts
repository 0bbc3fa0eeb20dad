/** Where a component is in its lifecycle. */
export const PHASES = ['starting', 'running', 'terminating', 'unavailable'] as const;
export type Phase = (typeof PHASES)[number];

/** How a component is doing, independent of its phase. */
export const CONDITIONS = ['ok', 'degraded', 'failed'] as const;
export type Condition = (typeof CONDITIONS)[number];

export const PROBE_KINDS = ['startup', 'liveness', 'readiness'] as const;
export type ProbeKind = (typeof PROBE_KINDS)[number];

/** A probe's verdict: `warn` passes, but says something is degraded. */
export type Verdict = 'pass' | 'warn' | 'fail';

/** Every way one check can end; runtimes translate these into exit codes. */
export const OUTCOMES = ['pass', 'warn', 'fail', 'unreachable', 'timeout', 'bad-response', 'usage'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const FORMAT_NAMES = [
  'pomerium',
  'health-json',
  'spring',
  'microprofile',
  'kubernetes',
  'aspnet',
  'consul',
  'envoy',
  'terminus',
  'lightship',
  'json',
  'grpc',
  'http-status',
] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

/** One normalised component of a service's health state model. */
export interface Component {
  name: string;
  phase: Phase;
  condition: Condition;
  /** Required components decide probes; the others are shown but never decide. */
  required: boolean;
  error: string | null;
  attributes: Record<string, string>;
}

/**
 * The service's own verdict on itself, beside its components (`"status": "DOWN"`,
 * `readyz check failed`). When it says failing, startup and readiness fail whatever the
 * components say, and no --exclude or --only takes it away.
 */
export interface Overall {
  /** As the service wrote it: `DOWN`, `fail`, `Unhealthy`, `readyz check failed`, `true`. */
  status: string;
  phase: Phase;
  condition: Condition;
  /** Where it was read: a JSON Pointer (`/status`, `/0/AggregatedStatus`), `line N` or `body`. */
  source: string;
  /** The service's own words beside it (`error`, `message`, `output`…), or null. */
  text: string | null;
  /** The component that only repeats this status, in a document with no component list of its own. */
  standIn: string | null;
}

/** What a format adapter makes of one response. */
export interface StateModel {
  format: FormatName;
  components: Component[];
  /** The service's overall verdict, when its format has one. */
  overall: Overall | null;
}
