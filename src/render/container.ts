import { capBytes } from '../base/bytes.js';
import { makeInert } from '../base/inert.js';
import type { Report } from '../check/report.js';
import { RUNTIMES } from '../runtimes/facts.js';
import { componentLine, contextLine, failingComponents } from './lines.js';

/**
 * Kubernetes, Docker and ECS keep the output of a failed check as an event or a log entry:
 * a stable first line, then the failing components, never timings, within the runtime's cap.
 */
export function renderContainer(report: Report): string {
  const cap = RUNTIMES[report.runtime].outputCapBytes;
  const summary = makeInert(report.summary);
  const lines = [summary];
  let bytes = Buffer.byteLength(summary);
  for (const c of failingComponents(report)) {
    // Lines past the cap would be cut anyway; with 100,000 failures, writing them all costs time.
    if (cap !== null && bytes > cap) break;
    const line = `- ${componentLine(c)}`;
    lines.push(line);
    bytes += Buffer.byteLength(line) + 1;
  }
  lines.push(contextLine(report));
  return capBytes(`${lines.join('\n')}\n`, cap);
}
