// npm run bench -- --only fleet: a fleet of 100 replicas probed within a 2 s deadline, and
// `diagnose --watch` over 20 of them, each with both HTTP clients side by side.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FLEET_SIZE = 100;
const WATCHED = 20;
const CLIENTS = ['healthctl', 'undici'];

/** `ctx`: what bench.mjs shares with every section (measure, row, notes, …). */
export async function benchFleet(ctx) {
  const { ROOT, BIN, QUICK, measure, row, notes, fmt, pass, median, cleanEnv, lineReader, stopChild } = ctx;
  const services = spawn(process.execPath, [join(ROOT, 'bench/fleet-services.mjs'), '--count', String(FLEET_SIZE)], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const ports = (await lineReader(services.stdout).next(/^listening /, 60_000)).split(' ')[1].split(',');
    const urls = ports.map((p) => `http://127.0.0.1:${p}/status`);
    const runs = QUICK ? 3 : 7;

    for (const client of CLIENTS) {
      const argv = [process.execPath, BIN, 'probe', ...urls, '--timeout', '2s', '--runtime', 'plain'];
      const samples = [];
      for (let i = 0; i < runs + 1; i++) {
        const r = await measure(argv, cleanEnv({ HEALTHCTL_HTTP_CLIENT: client }));
        if (r.code !== 0 || !r.out.includes(`READY: ${FLEET_SIZE} of ${FLEET_SIZE} targets ready`)) throw new Error(`fleet probe (${client}) exited ${r.code}: ${r.out.split('\n').at(-2)} ${r.err.trim()}`);
        if (i > 0) samples.push(r);
      }
      const wall = median(samples.map((s) => s.wallMs));
      row('fleet', `\`probe\` of ${FLEET_SIZE} targets, \`--timeout 2s\`, ${client === 'undici' ? 'undici' : 'a connection per check'}`, `${fmt(wall)} ms, ${fmt(median(samples.map((s) => s.rssMb)), 1)} MB peak RSS, ${fmt(median(samples.map((s) => s.cpuMs)))} ms CPU`, '', 'all checked within 2 s', pass(wall <= 2000));
    }
    notes.push(`fleet: ${runs} cold runs after a warm-up, ${FLEET_SIZE} sample services (8 required components each) on one port each in one process, default --concurrency 16; every run must print READY: ${FLEET_SIZE} of ${FLEET_SIZE}. HEALTHCTL_HTTP_CLIENT picks the client.`);

    const seconds = QUICK ? 10 : 60;
    for (const client of CLIENTS) {
      const watch = await watchFor(ctx, { urls: urls.slice(0, WATCHED), seconds, env: cleanEnv({ HEALTHCTL_HTTP_CLIENT: client }) });
      row('fleet', `\`diagnose --watch 1s\`, ${WATCHED} http targets, ${seconds} s, ${clientName(client)}`, watchFigure(ctx, watch), '', '', `${watch.refreshes} refreshes`);
    }
    const tls = await tlsServices(ctx);
    try {
      for (const client of CLIENTS) {
        const watch = await watchFor(ctx, { urls: tls.urls, seconds, env: cleanEnv({ HEALTHCTL_HTTP_CLIENT: client }), extra: ['--insecure'] });
        row('fleet', `\`diagnose --watch 1s --insecure\`, ${WATCHED} https targets, ${seconds} s, ${clientName(client)}`, watchFigure(ctx, watch), '', '', `${watch.refreshes} refreshes`);
      }
    } finally {
      await tls.stop();
    }
    notes.push(`fleet watch: \`healthctl diagnose --watch 1s\` over ${WATCHED} targets, piped, ${seconds} s each client: the sample services above (http), then ${WATCHED} https servers with a P-256 certificate answering health+json. CPU from /proc/PID/stat over the whole watch (start included) and from its 6th second on (steady); RSS from VmRSS each second (median) and VmHWM (peak); refreshes as its Ctrl-C summary counts them.`);
  } finally {
    await stopChild(services);
  }
}

const clientName = (client) => (client === 'undici' ? 'undici (kept connections)' : 'a connection per check');

function watchFigure({ fmt }, w) {
  return `${fmt(w.cpuPercent, 2)} % CPU, ${fmt(w.cpuPerRefreshMs, 1)} ms CPU a refresh (steady: ${fmt(w.steadyPerRefreshMs, 1)} ms), RSS ${fmt(w.rssMb, 1)} / ${fmt(w.hwmMb, 1)} MB`;
}

/** The https replicas: WATCHED servers in one process, with a throwaway certificate. */
async function tlsServices({ ROOT, lineReader, stopChild }) {
  const dir = mkdtempSync(join(tmpdir(), 'healthctl-bench-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=localhost', '-days', '1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  const child = spawn(process.execPath, [join(ROOT, 'bench/fleet-services.mjs'), '--count', String(WATCHED), '--tls', `${join(dir, 'cert.pem')},${join(dir, 'key.pem')}`], { stdio: ['ignore', 'pipe', 'inherit'] });
  const ports = (await lineReader(child.stdout).next(/^listening /, 60_000)).split(' ')[1].split(',');
  return {
    urls: ports.map((p) => `https://127.0.0.1:${p}/health`),
    stop: async () => {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function watchFor(ctx, { urls, seconds, env, extra = [] }) {
  const { BIN, median, sleep, procTicks, procStatusKb } = ctx;
  const clkTck = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
  const child = spawn(process.execPath, [BIN, 'diagnose', '--watch', '1s', ...urls, '--runtime', 'plain', ...extra], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
  const rss = [];
  const t0 = performance.now();
  let steadyFrom = null;
  for (let s = 0; s < seconds; s++) {
    await sleep(1000);
    rss.push(procStatusKb(child.pid, 'VmRSS'));
    if (s === 4) steadyFrom = { ticks: procTicks(child.pid) };
  }
  const ticks = procTicks(child.pid);
  const hwm = procStatusKb(child.pid, 'VmHWM');
  const elapsed = (performance.now() - t0) / 1000;
  const exited = new Promise((resolve) => child.once('close', resolve));
  child.kill('SIGINT');
  await exited;
  const refreshes = Number(/\((\d+) refreshes\)/.exec(out)?.[1] ?? NaN);
  const cpuMs = (ticks / clkTck) * 1000;
  // From the 6th second on: about one refresh a second, so the refreshes since are the seconds since.
  const steadyMs = ((ticks - (steadyFrom?.ticks ?? 0)) / clkTck) * 1000;
  const steadyRefreshes = Math.max(1, seconds - 5);
  return { cpuPercent: (cpuMs / 1000 / elapsed) * 100, cpuPerRefreshMs: cpuMs / refreshes, steadyPerRefreshMs: steadyMs / steadyRefreshes, rssMb: median(rss) / 1024, hwmMb: hwm / 1024, refreshes };
}
