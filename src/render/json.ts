import type { Report } from '../check/report.js';

/**
 * The `healthctl/v1` document. Where the runtime keeps only so many bytes, passing components
 * are left out first (and counted in `omittedComponents`) so the JSON always stays whole.
 */
export function renderJson(report: Report, capBytes: number | null): string {
  if (capBytes === null) return `${JSON.stringify(report)}\n`;
  const order = [...report.components].sort((a, b) => Number(a.verdict === 'pass') - Number(b.verdict === 'pass'));
  const bare = `${JSON.stringify({ ...report, components: [], omittedComponents: order.length })}\n`;
  if (Buffer.byteLength(bare) > capBytes) {
    return `${JSON.stringify({ ...report, components: [], omittedComponents: order.length, summary: report.summary.slice(0, 1000) })}\n`;
  }
  // Sized one component at a time, stopping at the cap: serialising 100,000 components only to cut them costs seconds.
  // Keeping more only shortens omittedComponents, so the sum is an upper bound of the real size.
  let room = capBytes - Buffer.byteLength(bare);
  let keep = 0;
  for (const c of order) {
    const size = Buffer.byteLength(JSON.stringify(c)) + (keep === 0 ? 0 : 1);
    if (size > room) break;
    room -= size;
    keep += 1;
  }
  if (keep >= order.length - 1) {
    const full = `${JSON.stringify(report)}\n`;
    if (Buffer.byteLength(full) <= capBytes) return full;
  }
  return `${JSON.stringify({ ...report, components: order.slice(0, keep), omittedComponents: order.length - keep })}\n`;
}
