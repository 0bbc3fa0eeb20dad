// The load generator: a steady, paced stream of GET requests to one 127.0.0.1 URL over
// keep-alive connections (an undici Pool, requests pipelined on each), until a line arrives on
// stdin or --max-ms passes. Every request gets a 200 or counts as failed (status, connection
// error or timeout); none is retried. Prints one JSON line with the counts when it stops.
//
//   node bench/rollout/load.mjs --port PORT --rate 1000 --max-ms 180000
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    path: { type: 'string', default: '/app' },
    rate: { type: 'string', default: '1000' },
    'max-ms': { type: 'string', default: '180000' },
    'timeout-ms': { type: 'string', default: '5000' },
    'max-in-flight': { type: 'string', default: '64' },
    // The balancer is a Node HTTP server: it answers pipelined requests in order, one connection at a time.
    pipelining: { type: 'string', default: '4' },
  },
});
const port = Number(values.port);
const rate = Number(values.rate);
const maxMs = Number(values['max-ms']);
const timeoutMs = Number(values['timeout-ms']);
const maxInFlight = Number(values['max-in-flight']);
const pipelining = Number(values.pipelining);
if (!Number.isInteger(port) || port <= 0 || !(rate > 0) || !(maxMs > 0)) {
  process.stderr.write('load: needs --port, a positive --rate and --max-ms\n');
  process.exit(1);
}

// As many requests in flight as before (--max-in-flight), over fewer connections.
const pool = new Pool(`http://127.0.0.1:${port}`, { connections: Math.ceil(maxInFlight / pipelining), pipelining, keepAliveTimeout: 60_000 });
const counts = { sent: 0, ok: 0, failed: 0, skipped: 0 };
/** failure reason → count, e.g. "503 no-ready-instance", "503 from instance", "ECONNRESET" */
const reasons = {};
/** failures per 100 ms bucket since the start, to place them on the rollout's timeline */
const failedAt = {};
const latencies = [];
let inFlight = 0;
/** the slowest requests with when each step happened (ms after sending), to locate a delay */
const slowest = [];
const noteSlow = (entry) => {
  if (slowest.length === 5 && entry.ms <= slowest[4].ms) return;
  slowest.push(entry);
  slowest.sort((a, b) => b.ms - a.ms);
  slowest.length = Math.min(slowest.length, 5);
};
// a stalled generator shows here, not as a slow service
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
let started = performance.now();
const elapsed = () => performance.now() - started;

const fail = (reason) => {
  counts.failed += 1;
  reasons[reason] = (reasons[reason] ?? 0) + 1;
  const bucket = Math.floor(elapsed() / 100) * 100;
  failedAt[bucket] = (failedAt[bucket] ?? 0) + 1;
};

const send = () => {
  counts.sent += 1;
  inFlight += 1;
  const t0 = performance.now();
  const marks = { sentAt: Math.round(t0 - started), headers: null };
  let phase = 'waiting for the response';
  const settle = (reason) => {
    inFlight -= 1;
    const ms = performance.now() - t0;
    if (reason === null) {
      counts.ok += 1;
      latencies.push(ms);
    } else fail(reason);
    noteSlow({ ms: Math.round(ms), reason, ...marks });
  };
  pool
    .request({ path: values.path, method: 'GET', headersTimeout: timeoutMs, bodyTimeout: timeoutMs })
    .then(async ({ statusCode, headers, body }) => {
      phase = 'reading the body';
      marks.headers = Math.round(performance.now() - t0);
      await body.dump();
      if (statusCode === 200) settle(null);
      else if (headers['x-balancer'] !== undefined) settle(`${statusCode} ${headers['x-balancer']} (balancer)`);
      else settle(`${statusCode} from instance`);
    })
    .catch((error) => {
      const code = error?.code ?? error?.message ?? String(error);
      settle(code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' ? `timeout ${timeoutMs} ms ${phase}` : code);
    });
};

// paced: at every tick, send what the rate says is due by now. Past the in-flight cap, or more
// than 100 ms behind schedule (the generator itself was descheduled), a request is not sent
// (counted as skipped): a slow machine shows as a lower achieved rate, not as a burst of new
// connections the generator made up.
const maxBurst = Math.max(1, Math.ceil(rate / 10));
let stopAt = maxMs;
let stopped = false;
const tick = () => {
  const now = elapsed();
  const due = Math.floor((Math.min(now, stopAt) / 1000) * rate) - counts.sent - counts.skipped;
  for (let i = 0; i < due; i += 1) {
    if (inFlight >= maxInFlight || i >= maxBurst) counts.skipped += 1;
    else send();
  }
  if (now < stopAt) setTimeout(tick, 2);
  else void finish();
};

const finish = async () => {
  if (stopped) return;
  stopped = true;
  const sendingMs = Math.min(elapsed(), stopAt);
  // requests in flight settle within their timeout
  const deadline = performance.now() + timeoutMs + 1000;
  while (inFlight > 0 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  await pool.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p) => (latencies.length === 0 ? null : Math.round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] * 10) / 10);
  process.stdout.write(
    `${JSON.stringify({
      ...counts,
      unsettled: inFlight,
      durationMs: Math.round(sendingMs),
      targetRate: rate,
      achievedRate: Math.round((counts.sent / sendingMs) * 1000),
      latencyMs: { p50: pct(0.5), p99: pct(0.99), max: pct(1) },
      eventLoopDelayMaxMs: Math.round(loopDelay.max / 1e6),
      slowest,
      reasons,
      failedAt,
    })}\n`,
  );
  process.exit(0);
};

process.stdin.setEncoding('utf8');
process.stdin.on('data', () => {
  stopAt = Math.min(stopAt, elapsed());
});
process.stdin.on('end', () => {
  stopAt = Math.min(stopAt, elapsed());
});
// one request first, so the stream starts on an open connection with the code paths warm
pool
  .request({ path: values.path, method: 'GET', headersTimeout: timeoutMs, bodyTimeout: timeoutMs })
  .then(({ body }) => body.dump())
  .catch(() => undefined)
  .finally(start);
let begun = false;
function start() {
  if (begun) return;
  begun = true;
  started = performance.now();
  tick();
}
