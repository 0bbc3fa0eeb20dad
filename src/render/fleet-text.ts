import { capBytes } from '../base/bytes.js';
import { formatMs } from '../base/durations.js';
import { makeInert, makeInertForNagios } from '../base/inert.js';
import { notPassing, type FleetEntry, type FleetReport } from '../reports/fleet-report.js';
import { RUNTIMES } from '../runtimes/facts.js';
import { nagiosState } from './nagios.js';
import { MARK, paintVerdict, verdictOf, type Paint } from './paint.js';

// A fleet's text under each runtime, apart from one report's (container.ts, systemd.ts, nagios.ts, plain.ts): a probe never loads it.

/** `10.0.0.7:8080: NOT READY: 1 of 8 components not ready: storage.backend failed: …`: one target, one line, no timings, the service's text inert. */
function entryLine(entry: FleetEntry, inert: (text: string) => string = makeInert): string {
  return `${inert(entry.label)}: ${inert(entry.report.summary)}`;
}

/** A fleet's last line, as stable as a single target's: the probe, the requirement, how many targets. */
function fleetContextLine(report: FleetReport): string {
  return `probe=${report.probe} require=${makeInert(report.require)} targets=${report.counts.targets}`;
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

/** A fleet in the journal: the targets, then the summary, then the context. */
export function renderSystemdFleet(report: FleetReport): string {
  return `${[...report.targets.map((e) => entryLine(e)), makeInert(report.summary), fleetContextLine(report)].join('\n')}\n`;
}

/** A fleet: the same first line, its perfdata counting targets, then one line per target as long output. */
export function renderNagiosFleet(report: FleetReport): string {
  const { targets, passing, required } = report.counts;
  const perf = `targets=${targets};;;0 passing=${passing};;;0 required=${required};;;0`;
  const first = `HEALTHCTL ${nagiosState(report.exitCode)} - ${makeInertForNagios(report.summary)} | ${perf}`;
  return `${[first, ...report.targets.map((e) => entryLine(e, makeInertForNagios))].join('\n')}\n`;
}

/** A fleet at a terminal: one line per target in the order given, with its latency, then the summary. */
export function renderPlainFleet(report: FleetReport, paint: Paint): string {
  const labels = report.targets.map((e) => makeInert(e.label));
  const width = Math.min(48, Math.max(0, ...labels.map((l) => l.length)));
  const lines = report.targets.map((e, i) => {
    const mark = verdictOf(e.report.outcome);
    const took = e.report.timings === null ? '' : paint.dim(` · ${formatMs(e.report.timings.totalMs)}`);
    return `${paintVerdict(paint, mark, MARK[mark])} ${(labels[i] ?? '').padEnd(width)}  ${makeInert(e.report.summary)}${took}`;
  });
  const mark = verdictOf(report.outcome);
  lines.push(paint.bold(paintVerdict(paint, mark, `${MARK[mark]} ${makeInert(report.summary)}`)));
  return `${lines.join('\n')}\n`;
}
