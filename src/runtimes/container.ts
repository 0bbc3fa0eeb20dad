import type { Report } from '../check/report.js';
import { capBytes } from './cap.js';
import { OUTPUT_CAP_BYTES } from './exit-codes.js';
import { componentLine, contextLine, failingComponents } from './lines.js';

/**
 * Kubernetes, Docker and ECS keep the output of a failed check as an event or a log entry:
 * a stable first line, then the failing components, never timings, within the runtime's cap.
 */
export function renderContainer(report: Report): string {
  const lines = [report.summary, ...failingComponents(report).map((c) => `- ${componentLine(c)}`), contextLine(report)];
  return capBytes(`${lines.join('\n')}\n`, OUTPUT_CAP_BYTES[report.runtime]);
}
