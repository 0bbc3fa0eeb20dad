import type { Report } from '../check/report.js';
import { RUNTIMES, type RuntimeName } from '../runtimes/facts.js';
import { renderContainer } from './container.js';
import { renderJson } from './json.js';
import { renderNagios } from './nagios.js';
import type { Paint } from './paint.js';
import { renderPlain } from './plain.js';
import { renderSystemd } from './systemd.js';

export interface RenderOptions {
  output: 'text' | 'json';
  verbose: boolean;
  paint: Paint;
}

/** Each runtime's output module, for one report. */
const TEXT = {
  kubernetes: renderContainer,
  docker: renderContainer,
  ecs: renderContainer,
  systemd: renderSystemd,
  nagios: renderNagios,
  plain: renderPlain,
} as const satisfies Record<RuntimeName, (report: Report, options: RenderOptions) => string>;

/** The runtime's translation of one report: the exact text it will keep. */
export function renderReport(report: Report, options: RenderOptions): string {
  if (options.output === 'json') return renderJson(report, RUNTIMES[report.runtime].outputCapBytes);
  return TEXT[report.runtime](report, options);
}
