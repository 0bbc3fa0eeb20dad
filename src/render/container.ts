import { capBytes } from '../base/bytes.js';
import { makeInert } from '../base/inert.js';
import type { Report } from '../check/report.js';
import { notPassing, type FleetReport } from '../reports/fleet-report.js';
import { RUNTIMES } from '../runtimes/facts.js';
import { componentLine, contextLine, entryLine, failingComponents, fleetContextLine } from './lines.js';

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

/**
 * A fleet: the summary first (kubelet's event shows the first line, and deduplicates on it),
 * then one line per target, those holding the fleet back first, cut before the summary is: a
 * last line says how many were cut.
 */
export function renderContainerFleet(report: FleetReport): string {
  const cap = RUNTIMES[report.runtime].outputCapBytes;
  const behind = notPassing(report.targets);
  const rest = report.targets.filter((e) => e.report.outcome === 'pass');
  const lines = [...behind, ...rest].map((e) => `- ${entryLine(e)}`);
  const tail = fleetContextLine(report);
  const summary = makeInert(report.summary);
  if (cap === null) return `${[summary, ...lines, tail].join('\n')}\n`;
  const cutNote = (n: number): string => `… ${n} more target line${n === 1 ? '' : 's'} cut to fit ${report.runtime}'s ${cap} bytes`;
  let room = cap - Buffer.byteLength(`${summary}\n${tail}\n`) - Buffer.byteLength(`${cutNote(lines.length)}\n`);
  const kept: string[] = [];
  for (const line of lines) {
    const size = Buffer.byteLength(line) + 1;
    if (size > room) break;
    room -= size;
    kept.push(line);
  }
  const cut = lines.length - kept.length;
  const out = [summary, ...kept, ...(cut > 0 ? [cutNote(cut)] : []), tail];
  return capBytes(`${out.join('\n')}\n`, cap);
}
