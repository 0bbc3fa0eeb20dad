import type { FleetEntry, FleetReport } from '../reports/fleet-report.js';
import { targetPassed } from '../reports/fleet-report.js';

const bytes = (doc: unknown): number => Buffer.byteLength(`${JSON.stringify(doc)}\n`);

function withoutComponents(entry: FleetEntry): FleetEntry {
  const n = entry.report.components.length;
  return n === 0 ? entry : { ...entry, report: { ...entry.report, components: [], omittedComponents: n } };
}

/**
 * The `healthctl-fleet/v1` document. Where the runtime keeps only so many bytes it stays whole
 * JSON: passing targets' components go first, then every target's components, then whole
 * targets (passing ones first, counted in `omittedTargets`); the summary and counts always stay.
 */
export function renderFleetJson(report: FleetReport, capBytes: number | null): string {
  const full = `${JSON.stringify(report)}\n`;
  if (capBytes === null || Buffer.byteLength(full) <= capBytes) return full;
  const passingBare = { ...report, targets: report.targets.map((e) => (targetPassed(e.report) ? withoutComponents(e) : e)) };
  if (bytes(passingBare) <= capBytes) return `${JSON.stringify(passingBare)}\n`;
  const bare = report.targets.map(withoutComponents);
  if (bytes({ ...report, targets: bare }) <= capBytes) return `${JSON.stringify({ ...report, targets: bare })}\n`;
  // Whole targets now: the failing ones are kept first, each sized once.
  let room = capBytes - bytes({ ...report, targets: [], omittedTargets: bare.length });
  const order = bare.map((entry, index) => ({ entry, index })).sort((a, b) => Number(targetPassed(a.entry.report)) - Number(targetPassed(b.entry.report)));
  const kept = new Set<number>();
  for (const { entry, index } of order) {
    const size = Buffer.byteLength(JSON.stringify(entry)) + (kept.size === 0 ? 0 : 1);
    if (size > room) break;
    room -= size;
    kept.add(index);
  }
  const targets = bare.filter((_, i) => kept.has(i));
  return `${JSON.stringify({ ...report, targets, omittedTargets: bare.length - targets.length })}\n`;
}
