// npm run bench -- --only fleet: a fleet of 100 replicas probed within a 2 s deadline, and
// `diagnose --watch` over 20 of them, each with both HTTP clients side by side.
import { spawn, spawnSync } from 'node:child_process';
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
      row(
        'fleet',
        `\`diagnose --watch 1s\`, ${WATCHED} targets, ${seconds} s, ${client === 'undici' ? 'undici (kept connections)' : 'a connection per check'}`,
        `${fmt(watch.cpuPercent, 2)} % CPU, ${fmt(watch.cpuPerRefreshMs, 1)} ms CPU a refresh, RSS ${fmt(watch.rssMb, 1)} / ${fmt(watch.hwmMb, 1)} MB`,
        '',
        '',
        `${watch.refreshes} refreshes`,
      );
    }
    notes.push(`fleet watch: \`healthctl diagnose --watch 1s\` over ${WATCHED} of the services, piped, ${seconds} s each client; CPU from /proc/PID/stat over the whole watch (its start included), RSS from VmRSS each second (median) and VmHWM (peak); refreshes as its Ctrl-C summary counts them.`);
  } finally {
    await stopChild(services);
  }
}

async function watchFor(ctx, { urls, seconds, env }) {
  const { BIN, median, sleep, procTicks, procStatusKb } = ctx;
  const clkTck = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
  const child = spawn(process.execPath, [BIN, 'diagnose', '--watch', '1s', ...urls, '--runtime', 'plain'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
  const rss = [];
  const t0 = performance.now();
  for (let s = 0; s < seconds; s++) {
    await sleep(1000);
    rss.push(procStatusKb(child.pid, 'VmRSS'));
  }
  const ticks = procTicks(child.pid);
  const hwm = procStatusKb(child.pid, 'VmHWM');
  const elapsed = (performance.now() - t0) / 1000;
  const exited = new Promise((resolve) => child.once('close', resolve));
  child.kill('SIGINT');
  await exited;
  const refreshes = Number(/\((\d+) refreshes\)/.exec(out)?.[1] ?? NaN);
  const cpuMs = (ticks / clkTck) * 1000;
  return { cpuPercent: (cpuMs / 1000 / elapsed) * 100, cpuPerRefreshMs: cpuMs / refreshes, rssMb: median(rss) / 1024, hwmMb: hwm / 1024, refreshes };
}
