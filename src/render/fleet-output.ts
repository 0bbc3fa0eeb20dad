import type { FleetReport } from '../reports/fleet-report.js';
import { RUNTIMES, type RuntimeName } from '../runtimes/facts.js';
import { renderFleetJson } from './fleet-json.js';
import { renderContainerFleet, renderNagiosFleet, renderPlainFleet, renderSystemdFleet } from './fleet-text.js';
import type { Paint } from './paint.js';

/** Each runtime's output module, for a fleet (kept apart from one report's, so a probe never loads it). */
const TEXT = {
  kubernetes: renderContainerFleet,
  docker: renderContainerFleet,
  ecs: renderContainerFleet,
  systemd: renderSystemdFleet,
  nagios: renderNagiosFleet,
  plain: renderPlainFleet,
} as const satisfies Record<RuntimeName, (report: FleetReport, paint: Paint) => string>;

/** The runtime's translation of a fleet: the exact text (or `healthctl-fleet/v1` document) it will keep. */
export function renderFleet(report: FleetReport, o: { output: 'text' | 'json'; paint: Paint }): string {
  if (o.output === 'json') return renderFleetJson(report, RUNTIMES[report.runtime].outputCapBytes);
  return TEXT[report.runtime](report, o.paint);
}
