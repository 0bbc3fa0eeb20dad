import { makeInert } from '../base/inert.js';
import type { Diagnosis } from '../reports/diagnosis.js';
import type { FleetReport } from '../reports/fleet-report.js';
import { renderDiagnosis } from './diagnose-text.js';
import { renderFleetTable } from './fleet-table.js';
import type { Paint } from './paint.js';

/** The fleet table, its summary, then each failing target's own diagnosis, compacted. */
export function renderFleetDiagnosis(f: { report: FleetReport; diagnoses: readonly Diagnosis[] }, o: { paint: Paint; width: number }): string {
  const lines = [...renderFleetTable(f.report.targets, { ...o, changed: new Set() }), '', o.paint.bold(makeInert(f.report.summary))];
  f.diagnoses.forEach((d, i) => {
    const entry = f.report.targets[i];
    if (entry === undefined || entry.report.outcome === 'pass') return;
    const label = makeInert(entry.label);
    lines.push('', o.paint.bold(`── ${label} ${'─'.repeat(Math.max(3, Math.min(o.width, 100) - label.length - 4))}`));
    lines.push(renderDiagnosis(d, { paint: o.paint, width: o.width, compact: true, changed: new Map() }).trimEnd());
  });
  return `${lines.join('\n')}\n`;
}
