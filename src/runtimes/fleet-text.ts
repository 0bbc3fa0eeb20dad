import type { FleetEntry, FleetReport } from '../fleet/report.js';
import { notPassing } from '../fleet/report.js';
import { MARK, paintVerdict, verdictOf, type Paint } from '../render/paint.js';
import { makeInert, makeInertForNagios } from '../base/inert.js';
import { capBytes } from '../base/bytes.js';
import { NAGIOS_STATES, OUTPUT_CAP_BYTES, type RuntimeName } from './exit-codes.js';
import { formatMs } from '../base/durations.js';

/** `10.0.0.7:8080: NOT READY: 1 of 8 components not ready: storage.backend failed: …`: one target, one line, no timings, the service's text inert. */
export function entryLine(entry: FleetEntry, inert: (text: string) => string = makeInert): string {
  return `${inert(entry.label)}: ${inert(entry.report.summary)}`;
}

function contextLine(report: FleetReport): string {
  return `probe=${report.probe} require=${makeInert(report.require)} targets=${report.counts.targets}`;
}

/**
 * Kubernetes, Docker and ECS: the summary first (kubelet's event shows the first line, and
 * deduplicates on it), then one line per target, those holding the fleet back first, cut
 * before the summary is: a last line says how many were cut.
 */
function renderContainer(report: FleetReport): string {
  const cap = OUTPUT_CAP_BYTES[report.runtime];
  const behind = notPassing(report.targets);
  const rest = report.targets.filter((e) => e.report.outcome === 'pass');
  const lines = [...behind, ...rest].map((e) => `- ${entryLine(e)}`);
  const tail = contextLine(report);
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

/** A person at a terminal: one line per target in the order given, with its latency, then the summary. */
function renderPlain(report: FleetReport, paint: Paint): string {
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

/** The journal: one fact per line, the targets then the summary, no colour. */
function renderSystemd(report: FleetReport): string {
  return `${[...report.targets.map((e) => entryLine(e)), makeInert(report.summary), contextLine(report)].join('\n')}\n`;
}

/** `HEALTHCTL <STATE> - <summary> | perfdata`, then one line per target as long output. */
function renderNagios(report: FleetReport): string {
  const code = report.exitCode;
  const state = code === 0 || code === 1 || code === 2 || code === 3 ? NAGIOS_STATES[code] : 'UNKNOWN';
  const { targets, passing, required } = report.counts;
  const perf = `targets=${targets};;;0 passing=${passing};;;0 required=${required};;;0`;
  const first = `HEALTHCTL ${state} - ${makeInertForNagios(report.summary)} | ${perf}`;
  return `${[first, ...report.targets.map((e) => entryLine(e, makeInertForNagios))].join('\n')}\n`;
}

const TEXT: Record<RuntimeName, (report: FleetReport, paint: Paint) => string> = {
  kubernetes: renderContainer,
  docker: renderContainer,
  ecs: renderContainer,
  systemd: renderSystemd,
  nagios: renderNagios,
  plain: renderPlain,
};

/** The runtime's translation of a fleet: the exact text it will keep. */
export function renderFleetText(report: FleetReport, paint: Paint): string {
  return TEXT[report.runtime](report, paint);
}
