import type { Report } from '../check/report.js';

/** `authorize.service starting`, `storage.backend failed: ping postgres: timeout`: what keeps the probe from passing. */
export function stillFailing(report: Report): string {
  if (report.error !== null) return report.summary;
  const failing = report.components.filter((c) => c.counted && c.verdict === 'fail');
  if (failing.length === 0) return report.summary;
  return failing
    .map((c) => {
      const state = c.phase === 'running' ? c.condition : c.phase;
      return c.error === null ? `${c.name} ${state}` : `${c.name} ${state}: ${c.error}`;
    })
    .join('; ');
}
