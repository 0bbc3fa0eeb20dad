import type { Report } from '../check/report.js';
import { renderJson } from '../render/json.js';
import type { Paint } from '../render/paint.js';
import { renderPlain } from '../render/plain.js';
import { renderContainer } from './container.js';
import { OUTPUT_CAP_BYTES, type RuntimeName } from './exit-codes.js';
import { renderNagios } from './nagios.js';
import { renderSystemd } from './systemd.js';

export interface RenderOptions {
  output: 'text' | 'json';
  verbose: boolean;
  paint: Paint;
}

const TEXT: Record<RuntimeName, (report: Report, options: RenderOptions) => string> = {
  kubernetes: renderContainer,
  docker: renderContainer,
  ecs: renderContainer,
  systemd: renderSystemd,
  nagios: renderNagios,
  plain: (report, options) => renderPlain(report, options.paint, options.verbose),
};

/** The runtime's translation of one report: the exact text it will keep. */
export function renderReport(report: Report, options: RenderOptions): string {
  if (options.output === 'json') return renderJson(report, OUTPUT_CAP_BYTES[report.runtime]);
  return TEXT[report.runtime](report, options);
}
