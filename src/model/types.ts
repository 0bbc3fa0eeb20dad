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

/** What a format adapter makes of one response. */
export interface StateModel {
  format: FormatName;
  components: Component[];
  /**
   * The overall status the service itself claimed, when the format has one
   * (`UP`, `pass`, `Degraded`…); shown by diagnose, never used to decide.
   */
  claimed: string | null;
}
