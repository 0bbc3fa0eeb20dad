import type { Report } from '../check/report.js';
import type { Outcome, ProbeKind } from '../model/types.js';
import type { RuntimeChoice } from '../runtimes/detect.js';
import type { RuntimeName } from '../runtimes/facts.js';

/** The runtimes diagnose translates for; `plain` is the terminal diagnose itself stands in for. */
export const DIAGNOSED_RUNTIMES = ['kubernetes', 'docker', 'ecs', 'systemd', 'nagios'] as const satisfies readonly RuntimeName[];
export type DiagnosedRuntime = (typeof DIAGNOSED_RUNTIMES)[number];

/** What one runtime would record for the chosen probe: `healthctl probe --runtime NAME` with the same flags. */
export interface RuntimeView {
  runtime: DiagnosedRuntime;
  outcome: Outcome;
  exitCode: number;
  /** The exact text that runtime keeps (after its output cap). */
  output: string;
  /** healthctl's deadline under that runtime (the --timeout given, else that runtime's default). */
  deadlineMs: number;
}

export const HINT_IDS = [
  'loopback-in-kubernetes',
  'proxy-variables',
  'deadline-above-runtime-timeout',
  'required-never-reported',
  'failing-not-required',
  'terminating',
  'ok-status-failing-body',
  'service-verdict',
  'endpoint-kind',
  'content-type-mismatch',
  'redirects',
] as const;
export type HintId = (typeof HINT_IDS)[number];

/** One likely mistake, with its fix; `warn` is probably why something fails, `info` is worth knowing. */
export interface Hint {
  id: HintId;
  level: 'warn' | 'info';
  message: string;
  fix: string;
}

/** The whole `diagnose` answer: the probe report plus what every runtime makes of it, and hints. */
export interface Diagnosis {
  schema: 'healthctl-diagnose/v1';
  /** When the check was made, ISO 8601 UTC. */
  checkedAt: string;
  /** The chosen probe under the chosen runtime: the healthctl/v1 document `probe -o json` prints. */
  report: Report;
  /** How the runtime of `report` was chosen: named, or detected and why. */
  runtimeChoice: RuntimeChoice;
  /** The deadline this check ran with. */
  timeoutMs: number;
  contentType: string | null;
  /** Each redirect followed, in order. */
  redirects: string[];
  /** The service's overall status as it wrote it (`report.overall.status`), when its format has one. */
  claimed: string | null;
  /** The probe kind the target's path is dedicated to (`/livez` → liveness), or null for a combined endpoint. */
  endpoint: ProbeKind | null;
  runtimes: RuntimeView[];
  hints: Hint[];
}
