import type { Report } from '../check/report.js';

/**
 * The `healthctl/v1` document. Where the runtime keeps only so many bytes, passing components
 * are left out first (and counted in `omittedComponents`) so the JSON always stays whole.
 */
export function renderJson(report: Report, capBytes: number | null): string {
  const full = `${JSON.stringify(report)}\n`;
  if (capBytes === null || Buffer.byteLength(full) <= capBytes) return full;
  const order = [...report.components].sort((a, b) => Number(a.verdict === 'pass') - Number(b.verdict === 'pass'));
  let low = 0;
  let high = order.length;
  let best = `${JSON.stringify({ ...report, components: [], omittedComponents: order.length, summary: report.summary.slice(0, 1000) })}\n`;
  while (low <= high) {
    const keep = Math.floor((low + high) / 2);
    const text = `${JSON.stringify({ ...report, components: order.slice(0, keep), omittedComponents: order.length - keep })}\n`;
    if (Buffer.byteLength(text) <= capBytes) {
      best = text;
      low = keep + 1;
    } else {
      high = keep - 1;
    }
  }
  return best;
}
