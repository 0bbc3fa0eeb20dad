// The benchmark's report: the table of results and the details that explain them.

const percent = (rate) => `${(Math.floor(rate * 100_000) / 1000).toFixed(3)} %`;

/** The results as an aligned text table and as a Markdown table. */
export function table(results) {
  const rows = [
    ['gate', 'requests sent', 'failed', 'success rate', 'achieved rate', 'rollout time', 'replacements'],
    ...results.map((r) => [
      r.gate === 'naive' ? 'naive: port open' : 'healthctl readiness',
      String(r.sent),
      String(r.failed),
      percent(r.successRate),
      `${r.achievedRate} req/s`,
      `${(r.rolloutMs / 1000).toFixed(1)} s`,
      String(r.replacements.length),
    ]),
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  const text = rows.map((row) => row.map((cell, c) => cell.padEnd(widths[c])).join('  ')).join('\n');
  const md = [
    `| ${rows[0].join(' | ')} |`,
    `|${rows[0].map((_, c) => (c === 0 ? '---' : '---:')).join('|')}|`,
    ...rows.slice(1).map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
  return { text, md };
}

/** Per gate: the load, the failures by reason, and when instances joined and left the pool. */
export function details(results, config) {
  const lines = [];
  for (const r of results) {
    lines.push(`- ${r.gate}: gate \`${r.command}\``);
    lines.push(
      `  - load: ${r.sent} requests in ${(r.durationMs / 1000).toFixed(1)} s (target ${config.rate} req/s, ${r.skipped} not sent: 64 in flight or the generator behind); latency p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, max ${r.latencyMs.max} ms`,
    );
    const reasons = Object.entries(r.reasons).map(([reason, n]) => `${n} × ${reason}`);
    lines.push(`  - failures: ${reasons.length === 0 ? 'none' : reasons.join(', ')}`);
    const admitted = r.replacements.map((x) => x.admittedAfterMs);
    const left = r.replacements.map((x) => x.oldLeftPoolAfterMs);
    const exited = r.replacements.map((x) => x.oldExitedAfterMs);
    lines.push(
      `  - new instance admitted ${Math.min(...admitted)}–${Math.max(...admitted)} ms after it listened; old instance left the pool ${Math.min(...left)}–${Math.max(...left)} ms after SIGTERM and exited ${Math.min(...exited)}–${Math.max(...exited)} ms after SIGTERM`,
    );
    lines.push(`  - gate checks: ${r.balancer.probes}, median ${r.balancer.probeMsMedian} ms, max ${r.balancer.probeMsMax} ms each`);
    lines.push(
      `  - the balancer answered each request within ${r.balancer.slowestMs} ms of reading it (its event loop was late by ${r.balancer.eventLoopDelayMaxMs} ms at most); the rest of a slower answer passed before the balancer accepted the connection or read the request`,
    );
  }
  return lines.join('\n');
}
