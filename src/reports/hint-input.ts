import type { Report } from '../check/report.js';
import type { CheckResult } from '../check/run-check.js';
import type { CheckOptions } from '../config/check-options.js';

export interface HintInput {
  options: Pick<CheckOptions, 'target' | 'targetDisplay' | 'runtime' | 'timeoutMs' | 'unixSocket' | 'probe'>;
  /** Whether --timeout (or HEALTHCTL_TIMEOUT) was given, rather than the runtime's default. */
  timeoutGiven: boolean;
  result: CheckResult;
  report: Report;
  env: NodeJS.ProcessEnv;
}

/** Names, at most `max` of them, then how many more. */
export function nameList(names: readonly string[], max = 3): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}
