// npm run bench:rollout: rolling updates of a fleet of sample-service instances behind a load
// balancer, under steady load, once per health gate: a naive "port is open" check and
// `healthctl probe --probe readiness`. Prints requests sent, failed, success rate and rollout
// time per gate, and writes the same table as Markdown (default bench/rollout/results/latest.md).
//
// Each gate gets a fresh fleet. Per replacement the orchestrator starts a new instance, waits
// until the balancer's gate admits it (a Deployment waiting on readiness), sends SIGTERM to the
// oldest. The balancer keeps routing to the old instance until its gate takes it out; the
// orchestrator stops tracking it once it has left the pool and its process has exited.
import { spawn } from 'node:child_process';
import { get } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { GATES, gateCommand, startBalancer } from './balancer.mjs';
import { details, table } from './report.mjs';
import { snapshotBuild } from './snapshot.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '../..');

const { values: opts } = parseArgs({
  options: {
    gate: { type: 'string', default: 'naive,healthctl' },
    instances: { type: 'string', default: '3' },
    rollouts: { type: 'string', default: '2' },
    replacements: { type: 'string' },
    rate: { type: 'string', default: '1000' },
    'min-duration': { type: 'string', default: '30' },
    'ready-after-ms': { type: 'string', default: '2500' },
    'drain-ms': { type: 'string', default: '8000' },
    'interval-ms': { type: 'string', default: '1000' },
    'probe-timeout': { type: 'string', default: '3s' },
    'request-timeout-ms': { type: 'string', default: '5000' },
    out: { type: 'string', default: join(HERE, 'results/latest.md') },
    json: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (opts.help) {
  process.stdout.write(`usage: node bench/rollout/run.mjs [options]
  --gate naive,healthctl   gates to run, in order (default: both)
  --instances N            fleet size (default 3)
  --rollouts N             full rollouts per gate, one instance at a time (default 2)
  --replacements N         replace N instances in all instead (default: instances × rollouts)
  --rate N                 target requests per second (default 1000)
  --min-duration S         load lasts at least S seconds (default 30)
  --ready-after-ms MS      an instance's components are all up MS after its port opens (default 2500)
  --drain-ms MS            an instance keeps serving MS after SIGTERM, readiness failing (default 8000:
                           longer than two probe timeouts and an interval, the gate's slowest removal)
  --interval-ms MS         the gate checks each instance every MS (default 1000)
  --probe-timeout D        --timeout passed to each healthctl probe (default 3s)
  --request-timeout-ms MS  a request without an answer for MS counts as failed (default 5000)
  --out FILE               Markdown results (default bench/rollout/results/latest.md)
  --json                   print the results as JSON on stdout instead of the table
  --quiet                  no timeline on stderr
`);
  process.exit(0);
}

const gates = opts.gate.split(',').filter(Boolean);
for (const gate of gates) {
  if (!(gate in GATES)) {
    process.stderr.write(`bench:rollout: --gate must list naive and/or healthctl, got ${JSON.stringify(gate)}\n`);
    process.exit(1);
  }
}
const int = (flag, min) => {
  const n = Number(opts[flag]);
  if (!Number.isInteger(n) || n < min) {
    process.stderr.write(`bench:rollout: --${flag} must be an integer >= ${min}, got ${JSON.stringify(opts[flag])}\n`);
    process.exit(1);
  }
  return n;
};
const config = {
  instances: int('instances', 1),
  rollouts: int('rollouts', 1),
  replacements: opts.replacements === undefined ? null : int('replacements', 1),
  rate: int('rate', 1),
  minDurationMs: int('min-duration', 0) * 1000,
  readyAfterMs: int('ready-after-ms', 0),
  drainMs: int('drain-ms', 0),
  intervalMs: int('interval-ms', 100),
  probeTimeout: opts['probe-timeout'],
  requestTimeoutMs: int('request-timeout-ms', 1),
};

let build;
try {
  build = snapshotBuild();
} catch (error) {
  process.stderr.write(`bench:rollout: ${error.message}\n`);
  process.exit(1);
}
const log = opts.quiet ? () => {} : (line) => process.stderr.write(`${line}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const children = new Set();

// leave nothing running if the bench itself is interrupted
const killAll = () => {
  for (const child of children) child.kill('SIGKILL');
  build.dispose();
};
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    killAll();
    process.exit(130);
  });
}

/** Resolves once the instance's app answers 200 (asked directly, not through the balancer). */
async function waitServing(instance) {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    const status = await new Promise((resolve) => {
      const req = get({ host: '127.0.0.1', port: instance.ports.app, path: '/app', agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on('error', () => resolve(0));
    });
    if (status === 200) return;
    await sleep(100);
  }
  throw new Error(`instance ${instance.name} did not serve within 60 s`);
}

/** Starts an instance; resolves with its ports once both listen. */
function startInstance(name) {
  const child = spawn(
    process.execPath,
    [join(HERE, 'instance.mjs'), '--name', name, '--sample', build.sample, '--ready-after-ms', String(config.readyAfterMs), '--drain-ms', String(config.drainMs)],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  children.add(child);
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  exited.then(() => children.delete(child));
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      buffered += chunk;
      const newline = buffered.indexOf('\n');
      if (newline === -1) return;
      const ports = JSON.parse(buffered.slice(0, newline));
      resolve({ name, child, ports, exited });
    });
    exited.then(({ code, signal }) => reject(new Error(`instance ${name} exited (${code ?? signal}) before listening`)));
  });
}

function startLoad(port) {
  const child = spawn(process.execPath, [join(HERE, 'load.mjs'), '--port', String(port), '--rate', String(config.rate), '--timeout-ms', String(config.requestTimeoutMs), '--max-ms', '600000'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  children.add(child);
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (output += d));
  const result = new Promise((resolve, reject) => {
    child.on('exit', (code) => {
      children.delete(child);
      if (code === 0) resolve(JSON.parse(output));
      else reject(new Error(`load generator exited ${code}`));
    });
  });
  return { stop: () => child.stdin.end('stop\n'), result };
}

async function runGate(gate) {
  log(`\n== gate: ${gate} — ${gateCommand(gate, config.probeTimeout)}`);
  const balancer = await startBalancer({ gate, bin: build.bin, intervalMs: config.intervalMs, probeTimeout: config.probeTimeout, log });
  const at = balancer.at;
  let serial = 0;
  const fleet = [];
  const launched = [];
  const draining = [];
  const replacements = [];

  const launch = async () => {
    serial += 1;
    const instance = await startInstance(`${gate}-${serial}`);
    instance.startedAt = at();
    launched.push(instance);
    balancer.add(instance.name, instance.ports);
    return instance;
  };
  const retire = async (instance) => {
    instance.child.kill('SIGTERM');
    const termAt = at();
    await instance.exited;
    const exitAt = at();
    // until the gate takes it out, the balancer still sends it requests (and they fail)
    await balancer.waitLeft(instance.name, 60_000);
    const leftAt = balancer.removedAt(instance.name) ?? at();
    balancer.remove(instance.name);
    return { termAt, exitAt, leftAt };
  };

  try {
    // the fleet before the load: every instance admitted and serving
    for (let i = 0; i < config.instances; i += 1) fleet.push(await launch());
    await Promise.all(fleet.map((instance) => balancer.waitReady(instance.name, 60_000)));
    await Promise.all(fleet.map((instance) => waitServing(instance)));
    log(`${at()}ms fleet of ${fleet.length} ready; load starts at ${config.rate} req/s`);

    const load = startLoad(balancer.port);
    const loadStart = at();
    await sleep(2000);

    const rolloutStart = at();
    const total = config.replacements ?? config.instances * config.rollouts;
    for (let n = 0; n < total; n += 1) {
      const fresh = await launch();
      const old = fleet.shift();
      log(`${at()}ms started ${fresh.name} (app :${fresh.ports.app}, health :${fresh.ports.health})`);
      const admittedAt = await balancer.waitReady(fresh.name, 60_000);
      fleet.push(fresh);
      log(`${at()}ms ${fresh.name} admitted ${admittedAt - fresh.startedAt} ms after it listened; SIGTERM ${old.name}`);
      const record = { old: old.name, fresh: fresh.name, admittedAfterMs: admittedAt - fresh.startedAt };
      replacements.push(record);
      draining.push(
        retire(old).then(({ termAt, exitAt, leftAt }) => {
          record.oldExitedAfterMs = exitAt - termAt;
          record.oldLeftPoolAfterMs = leftAt - termAt;
          log(`${exitAt}ms ${old.name} exited ${exitAt - termAt} ms after SIGTERM, left the pool ${leftAt - termAt} ms after SIGTERM`);
        }),
      );
    }
    await Promise.all(draining);
    const rolloutMs = at() - rolloutStart;
    log(`${at()}ms rollouts done in ${rolloutMs} ms`);

    // keep the load on for the minimum duration, and a little past the last exit
    const loadUntil = Math.max(loadStart + config.minDurationMs, at() + 1000);
    await sleep(loadUntil - at());
    load.stop();
    const result = await load.result;
    const failed = result.failed + result.unsettled;
    return {
      gate,
      command: gateCommand(gate, config.probeTimeout),
      sent: result.sent,
      failed,
      successRate: result.sent === 0 ? 0 : (result.sent - failed) / result.sent,
      skipped: result.skipped,
      durationMs: result.durationMs,
      achievedRate: result.achievedRate,
      latencyMs: result.latencyMs,
      loadEventLoopDelayMaxMs: result.eventLoopDelayMaxMs,
      slowest: result.slowest,
      rolloutMs,
      replacements,
      reasons: result.reasons,
      failedAt: shift(result.failedAt, loadStart),
      loadStartMs: loadStart,
      balancer: {
        probes: balancer.stats.probes,
        probeMsMedian: median(balancer.stats.probeMs),
        probeMsMax: Math.round(Math.max(0, ...balancer.stats.probeMs)),
        noInstance: balancer.stats.noInstance,
        spawnMsMax: balancer.stats.spawnMsMax,
        slowestMs: balancer.stats.slowestMs,
        eventLoopDelayMaxMs: balancer.eventLoopDelayMaxMs(),
        unfinished: balancer.stats.inFlight,
        upstreamErrors: balancer.stats.upstreamErrorCodes,
      },
    };
  } finally {
    // the measurement is over: no drain needed
    for (const instance of launched) instance.child.kill('SIGKILL');
    await Promise.all(launched.map((instance) => instance.exited));
    await Promise.allSettled(draining);
    await balancer.close();
  }
}

function shift(buckets, offset) {
  const out = {};
  for (const [t, n] of Object.entries(buckets)) out[Number(t) + offset] = n;
  return out;
}

function median(xs) {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[s.length >> 1]);
}

const loadAtStart = loadavg().map((x) => x.toFixed(1)).join(' ');
const results = [];
for (const gate of gates) results.push(await runGate(gate));

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const machine = `${cpus().length} CPUs (${cpu}), Node ${process.version}, ${process.platform}/${process.arch}, load average ${loadAtStart} at the start, ${loadavg().map((x) => x.toFixed(1)).join(' ')} at the end`;
const { text, md } = table(results);
const command = `node ${relative(ROOT, fileURLToPath(import.meta.url))} ${process.argv.slice(2).join(' ')}`.trim();
const replaced = config.replacements ?? config.instances * config.rollouts;
const settings = `${config.instances} instances, ${replaced} replaced one at a time, ${config.rate} req/s target for at least ${config.minDurationMs / 1000} s, components up ${config.readyAfterMs} ms after the port opens, drain ${config.drainMs} ms, gate every ${config.intervalMs} ms with \`--timeout ${config.probeTimeout}\`, a request failed after ${config.requestTimeoutMs} ms without an answer`;
const markdown = `${md}\n\n${settings}.\n\n${details(results, config)}\n\n${new Date().toISOString()} · ${machine} · \`${command}\`\n`;
mkdirSync(dirname(opts.out), { recursive: true });
writeFileSync(opts.out, markdown);

if (opts.json) process.stdout.write(`${JSON.stringify({ config, machine, results }, null, 2)}\n`);
else process.stdout.write(`\n${text}\n\n${settings}.\n${details(results, config)}\n\n${machine}\nMarkdown: ${relative(process.cwd(), opts.out)}\n`);
process.exit(0);
