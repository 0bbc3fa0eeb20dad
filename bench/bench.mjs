// npm run bench: healthctl side by side with `node -e 0`, curl and wait-on in one run, against
// the same local sample service; figures are medians and ratios. Writes bench/results/latest.md.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, mkdirSync, accessSync, constants } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = join(ROOT, 'bin/healthctl.js');
const EXE = join(ROOT, 'build/healthctl');
const SERVICE = join(ROOT, 'bench/service.mjs');
const WAIT_ON = join(ROOT, 'node_modules/.bin/wait-on');

const { values: opts } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    pairs: { type: 'string' },
    only: { type: 'string', default: 'probe,wait,run,diagnose' },
    out: { type: 'string', default: join(ROOT, 'bench/results/latest.md') },
    // LABEL=DIR: also time `node DIR/bin/healthctl.js probe`, e.g. a built checkout of an older commit
    compare: { type: 'string', multiple: true, default: [] },
  },
});
const QUICK = opts.quick;
const PAIRS = Number(opts.pairs ?? (QUICK ? 7 : 21));
const WARMUP = QUICK ? 1 : 3;
const WAIT_TRIALS = QUICK ? 3 : 11;
const RUN_TRIALS = QUICK ? 2 : 5;
const IDLE_SECONDS = QUICK ? 5 : 30;
const DIAGNOSE_RUNS = QUICK ? 2 : 7;
const ONLY = new Set(opts.only.split(','));

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

function cleanEnv(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(HEALTHCTL_|KUBERNETES_|ECS_|INVOCATION_ID$|NOTIFY_SOCKET$|WATCHDOG_|FORCE_COLOR$)/.test(k)) continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).status === 0;
}

// Peak RSS of each child from wait4(2): GNU time when installed, else the same call from python3.
const SCRATCH = mkdtempSync(join(tmpdir(), 'healthctl-bench-'));
const STATS = join(SCRATCH, 'stats');
const RUSAGE =
  existsSync('/usr/bin/time') ? { name: 'GNU time (%M, wait4 ru_maxrss)', wrap: (argv) => ['/usr/bin/time', '-o', STATS, '-f', '%M %U %S', '--', ...argv] }
  : onPath('python3') ? { name: 'python3 os.wait4 ru_maxrss (bench/rusage.py)', wrap: (argv) => ['python3', join(ROOT, 'bench/rusage.py'), STATS, '--', ...argv] }
  : null;
if (RUSAGE === null) {
  console.error('bench: needs /usr/bin/time (apt-get install time) or python3 to read each child\'s peak RSS');
  process.exit(2);
}

/** One cold run: wall time from spawn to exit (ms), peak RSS (MiB) and CPU time (ms) of the command. */
function measure(argv, env = cleanEnv()) {
  const full = RUSAGE.wrap(argv);
  return new Promise((resolve, reject) => {
    rmSync(STATS, { force: true });
    const started = performance.now();
    const child = spawn(full[0], full.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      const wallMs = performance.now() - started;
      child.on('close', () => {
        const [rssKb, user, sys] = readFileSync(STATS, 'utf8').trim().split(/\s+/).map(Number);
        resolve({ code, wallMs, rssMb: rssKb / 1024, cpuMs: (user + sys) * 1000, out, err });
      });
    });
  });
}

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Lines of a child's stdout as an async queue: next(pattern) resolves with the first matching line. */
function lineReader(stream) {
  const seen = [];
  const waiters = [];
  let buffer = '';
  stream.setEncoding('utf8').on('data', (chunk) => {
    buffer += chunk;
    let at;
    while ((at = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, at);
      buffer = buffer.slice(at + 1);
      const waiter = waiters.findIndex((w) => w.pattern.test(line));
      if (waiter >= 0) waiters.splice(waiter, 1)[0].resolve(line);
      else seen.push(line);
    }
  });
  return {
    next(pattern, timeoutMs = 20_000) {
      const found = seen.findIndex((l) => pattern.test(l));
      if (found >= 0) return Promise.resolve(seen.splice(found, 1)[0]);
      return new Promise((resolve, reject) => {
        const waiter = { pattern, resolve: (l) => (clearTimeout(timer), resolve(l)) };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    drop() {
      seen.length = 0;
    },
  };
}

async function startService(args = []) {
  const child = spawn(process.execPath, [SERVICE, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = lineReader(child.stdout);
  const url = (await lines.next(/^listening /)).split(' ')[1];
  return { child, lines, url, stop: () => stopChild(child) };
}

function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

/** Flips the service's required gate component through the sample service's control API. */
function setGate(base, status) {
  const body = JSON.stringify({ status });
  return new Promise((resolve, reject) => {
    const req = request(`${base}/control/components/bench.gate`, { method: 'PUT', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 || res.statusCode === 204 ? resolve() : reject(new Error(`control answered ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Whether the built CLI has a command (it lands when its engineer commits). */
function hasCommand(name) {
  const r = spawnSync(process.execPath, [BIN, name, '--help'], { encoding: 'utf8', env: cleanEnv() });
  return r.status === 0 && r.stdout.includes(`healthctl ${name}`);
}

const fmt = (x, digits = 0) => (Number.isFinite(x) ? x.toFixed(digits) : '–');
const rows = [];
const notes = [];
const row = (section, what, figure, ratio, budget, verdict) => rows.push({ section, what, figure, ratio, budget, verdict });
const pass = (ok) => (ok ? 'meets' : '**misses**');

const MiB = 1024 * 1024;

async function benchProbe() {
  const service = await startService();
  const target = `${service.url}/status`;
  const nodeBase = { name: '`node -e 0`', argv: [process.execPath, '-e', '0'] };
  const commands = [nodeBase];
  commands.push({ name: '`healthctl probe` (npm: `node bin/healthctl.js`)', argv: [process.execPath, BIN, 'probe', target], base: nodeBase, wallBudget: 1.3, rssBudget: { ratio: 1.25 } });
  for (const spec of opts.compare) {
    const at = spec.indexOf('=');
    const [label, dir] = at < 0 ? [spec, spec] : [spec.slice(0, at), spec.slice(at + 1)];
    commands.push({ name: `\`healthctl probe\` (${label})`, argv: [process.execPath, join(dir, 'bin/healthctl.js'), 'probe', target], base: nodeBase, wallBudget: 1.3, rssBudget: { ratio: 1.25 } });
  }
  const curl = onPath('curl') ? { name: '`curl -fsS`', argv: ['curl', '-fsS', '-o', '/dev/null', target] } : null;
  if (curl === null) notes.push('curl: not installed, so the executable\'s wall time has nothing to be compared with (apt-get install curl).');
  if (executable(EXE)) commands.push({ name: '`healthctl probe` (executable: `build/healthctl`)', argv: [EXE, 'probe', target], base: curl, wallBudget: 2.5, rssBudget: { mib: 40 } });
  else notes.push('executable: not built (`npm run build:bin` writes build/healthctl), row skipped.');
  if (curl !== null) commands.push(curl);

  for (const c of commands) {
    const r = await measure(c.argv);
    if (r.code !== 0) throw new Error(`${c.argv.join(' ')} exited ${r.code}: ${r.err.trim()}`);
    c.samples = [];
  }
  const total = WARMUP + PAIRS;
  for (let round = 0; round < total; round++) {
    // rotate the order each round so no command always runs first after the pause
    const order = commands.map((_, i) => commands[(i + round) % commands.length]);
    for (const c of order) {
      const r = await measure(c.argv);
      if (r.code !== 0) throw new Error(`${c.argv.join(' ')} exited ${r.code}: ${r.err.trim()}`);
      if (round >= WARMUP) c.samples.push(r);
    }
  }
  await service.stop();

  for (const c of commands) {
    const wall = median(c.samples.map((s) => s.wallMs));
    const rss = median(c.samples.map((s) => s.rssMb));
    const cpu = median(c.samples.map((s) => s.cpuMs));
    // Paired: each round's wall time over its base's in the same round, then the median of those ratios.
    const base = c.base ?? null;
    const wallRatio = base === null ? NaN : median(c.samples.map((s, i) => s.wallMs / base.samples[i].wallMs));
    const rssRatio = base === null ? NaN : rss / median(base.samples.map((s) => s.rssMb));
    const baseName = base === null ? '' : ` ${base.name}`;
    const wallVerdict = c.wallBudget === undefined ? '' : pass(wallRatio <= c.wallBudget);
    row('probe', `${c.name} wall`, `${fmt(wall)} ms (CPU ${fmt(cpu)} ms)`, base === null ? '' : `${fmt(wallRatio, 2)} ×${baseName}`, c.wallBudget === undefined ? '' : `≤ ${c.wallBudget.toFixed(2)} ×${baseName}`, wallVerdict);
    const rssBudget = c.rssBudget ?? null;
    const rssText = rssBudget === null ? '' : rssBudget.mib !== undefined ? `≤ ${rssBudget.mib} MiB` : `≤ ${rssBudget.ratio.toFixed(2)} ×${baseName}`;
    const rssOk = rssBudget === null ? null : rssBudget.mib !== undefined ? rss <= rssBudget.mib : rssRatio <= rssBudget.ratio;
    row('probe', `${c.name} peak RSS`, `${fmt(rss, 1)} MiB`, rssBudget?.ratio === undefined ? '' : `${fmt(rssRatio, 2)} ×${baseName}`, rssText, rssOk === null ? '' : pass(rssOk));
  }
  for (const [file, bytes] of executableSizes()) row('probe', `size of \`${file}\``, `${fmt(bytes / 1e6, 1)} MB (${fmt(bytes / MiB, 1)} MiB)`, '', 'reported', '');
  notes.push(`probe: ${PAIRS} rounds after ${WARMUP} warm-up, each round runs every command once in rotating order; a wall ratio is the median of each round's ratio to its base in the same round (\`node -e 0\` for the npm build, \`curl -fsS\` for the executable).`);
  notes.push('sizes: every executable in build/ (`npm run build:bin -- --all` builds the Linux targets).');
}

/** build/healthctl and the per-target executables that exist, with their sizes in bytes. */
function executableSizes() {
  const dir = join(ROOT, 'build');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^healthctl(-linux-[a-z0-9-]+)?$/.test(f))
    .sort()
    .map((f) => [`build/${f}`, statSync(join(dir, f)).size]);
}

async function benchWait() {
  if (!hasCommand('wait')) {
    notes.push('wait: `healthctl wait` is not in this build, row skipped.');
    return;
  }
  const service = await startService(['--start', 'starting']);
  const port = new URL(service.url).port;
  const waiters = [{ name: '`healthctl wait`', argv: [process.execPath, BIN, 'wait', `${service.url}/status`], delays: [] }];
  if (existsSync(WAIT_ON)) waiters.push({ name: '`wait-on` (default 250 ms interval)', argv: [WAIT_ON, `http-get://127.0.0.1:${port}/readyz`], delays: [] });
  else notes.push('wait-on: not installed (npm install), row skipped.');

  for (let trial = 0; trial < WAIT_TRIALS; trial++) {
    for (const w of waiters) {
      // the control API answers after the state has changed
      await setGate(service.url, 'UNKNOWN');
      service.lines.drop();
      const child = spawn(w.argv[0], w.argv.slice(1), { env: cleanEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.setEncoding('utf8').on('data', (d) => (err += d));
      let exitedAt = null;
      const exited = new Promise((resolve) => child.on('exit', (code) => ((exitedAt = now()), resolve(code))));
      // ready at a random moment 1–3 s in, so the poll phase at readiness is random too
      await sleep(1000 + Math.random() * 2000);
      if (exitedAt !== null) throw new Error(`${w.name} exited before the service was ready: ${err.trim()}`);
      await setGate(service.url, 'RUNNING');
      const readyAt = Number((await service.lines.next(/^ready /)).split(' ')[1]);
      const code = await exited;
      if (code !== 0) throw new Error(`${w.name} exited ${code}: ${err.trim()}`);
      w.delays.push(exitedAt - readyAt);
    }
  }
  await service.stop();
  for (const w of waiters) {
    const d = median(w.delays);
    const isOurs = w.name.includes('healthctl');
    row('wait', `${w.name}: exit after ready`, `${fmt(d)} ms (max ${fmt(Math.max(...w.delays))} ms)`, '', isOurs ? '≤ 100 ms' : '', isOurs ? pass(d <= 100) : '');
  }
  notes.push(`wait: ${WAIT_TRIALS} trials each, alternating; the service turns ready 1–3 s after the waiter starts; delay = waiter exit − the service's own timestamp of turning ready.`);
}

function procTicks(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

function procStatusKb(pid, key) {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'));
  return m === null ? NaN : Number(m[1]);
}

async function benchRun() {
  if (!hasCommand('run')) {
    notes.push('run: `healthctl run` is not in this build, rows skipped.');
    return;
  }
  if (!onPath('python3')) {
    notes.push('run: READY needs a datagram NOTIFY_SOCKET receiver (python3), rows skipped.');
    return;
  }
  const clkTck = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
  const latencies = [];
  let idle = null;
  for (let trial = 0; trial < RUN_TRIALS; trial++) {
    const socketPath = join(SCRATCH, `notify-${trial}.sock`);
    const receiver = spawn('python3', [join(ROOT, 'bench/notify-receiver.py'), socketPath], { stdio: ['ignore', 'pipe', 'inherit'] });
    const messages = lineReader(receiver.stdout);
    await messages.next(/^bound$/);
    const port = await freePort();
    const target = `http://127.0.0.1:${port}/status`;
    const run = spawn(process.execPath, [BIN, 'run', '--', process.execPath, SERVICE, '--port', String(port), '--start', 'starting'], {
      env: cleanEnv({ NOTIFY_SOCKET: socketPath, HEALTHCTL_TARGET: target }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    run.stderr.setEncoding('utf8').on('data', (d) => (err += d));
    const out = lineReader(run.stdout);
    try {
      const base = (await out.next(/^listening /)).split(' ')[1];
      await sleep(1500);
      await setGate(base, 'RUNNING');
      const readyAt = Number((await out.next(/^ready /)).split(' ')[1]);
      const readyLine = await messages.next(/[ |]READY=1(\||$)/, 10_000);
      latencies.push(Number(readyLine.split(' ')[0]) - readyAt);

      if (trial === RUN_TRIALS - 1) {
        const samples = [];
        const t0 = performance.now();
        const ticks0 = procTicks(run.pid);
        for (let s = 0; s < IDLE_SECONDS; s++) {
          await sleep(1000);
          samples.push(procStatusKb(run.pid, 'VmRSS'));
        }
        const seconds = (performance.now() - t0) / 1000;
        const cpuPercent = ((procTicks(run.pid) - ticks0) / clkTck / seconds) * 100;
        idle = { cpuPercent, rssMb: median(samples) / 1024, hwmMb: procStatusKb(run.pid, 'VmHWM') / 1024, seconds };
      }
    } catch (error) {
      throw new Error(`run trial ${trial}: ${error.message}; healthctl run stderr: ${err.trim()}`);
    } finally {
      await stopChild(run);
      await stopChild(receiver);
      rmSync(socketPath, { force: true });
    }
  }
  const ready = median(latencies);
  row('run', '`healthctl run`: READY=1 after ready', `${fmt(ready)} ms (max ${fmt(Math.max(...latencies))} ms)`, '', '≤ 100 ms', pass(ready <= 100));
  if (idle !== null) {
    row('run', `\`healthctl run\`: idle CPU over ${fmt(idle.seconds)} s (default poll)`, `${fmt(idle.cpuPercent, 2)} %`, '', '< 1 %', pass(idle.cpuPercent < 1));
    row('run', '`healthctl run`: RSS (median / peak)', `${fmt(idle.rssMb, 1)} / ${fmt(idle.hwmMb, 1)} MB`, '', '≤ 80 MB', pass(idle.hwmMb <= 80));
  }
  notes.push(`run: ${RUN_TRIALS} trials; READY latency = the datagram's arrival at a python3 AF_UNIX receiver − the service's own timestamp of turning ready; idle CPU from /proc/PID/stat of the healthctl process (not its child), RSS from VmRSS each second and VmHWM.`);
}

async function benchDiagnose() {
  if (!hasCommand('diagnose')) {
    notes.push('diagnose: `healthctl diagnose` is not in this build, row skipped.');
    return;
  }
  const service = await startService(['--components', '5000']);
  const argv = [process.execPath, BIN, 'diagnose', `${service.url}/status`];
  const samples = [];
  for (let i = 0; i < DIAGNOSE_RUNS + 1; i++) {
    const r = await measure(argv);
    if (r.out.length === 0) throw new Error(`diagnose printed nothing (exit ${r.code}): ${r.err.trim()}`);
    if (i > 0) samples.push(r);
  }
  await service.stop();
  const wall = median(samples.map((s) => s.wallMs));
  const rss = median(samples.map((s) => s.rssMb));
  row('diagnose', '`healthctl diagnose`, 5,000 components', `${fmt(wall)} ms, ${fmt(rss, 1)} MB`, '', '≤ 1500 ms', pass(wall <= 1500));
  notes.push(`diagnose: ${DIAGNOSE_RUNS} runs after a warm-up, text output to a pipe, against the sample service reporting 5,001 required components.`);
}

function machine() {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = cpuinfo.match(/^model name\s*:\s*(.+)$/m)?.[1] ?? 'unknown';
  return { cpus: availableParallelism(), model, node: process.version, kernel: spawnSync('uname', ['-sr'], { encoding: 'utf8' }).stdout.trim() };
}

async function main() {
  if (!existsSync(join(ROOT, 'dist/cli.js')) || !existsSync(join(ROOT, 'dist/sample.js'))) {
    console.error('bench: build first (npm run build)');
    process.exit(2);
  }
  const m = machine();
  const load = loadavg()[0];
  const started = new Date();
  const sections = { probe: benchProbe, wait: benchWait, run: benchRun, diagnose: benchDiagnose };
  for (const [name, fn] of Object.entries(sections)) {
    if (!ONLY.has(name)) continue;
    process.stderr.write(`bench: ${name}…\n`);
    await fn();
  }
  rmSync(SCRATCH, { recursive: true, force: true });

  const lines = [
    `Machine: ${m.cpus} CPUs, ${m.model}, ${m.kernel}, Node ${m.node}; load average ${load.toFixed(2)} at start.`,
    `Date: ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC${QUICK ? ' — **--quick run, not for publication**' : ''}. Peak RSS per child: ${RUSAGE.name}.`,
    '',
    '| | what | median | ratio | budget | |',
    '|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.section} | ${r.what} | ${r.figure} | ${r.ratio} | ${r.budget} | ${r.verdict} |`),
    '',
    ...notes.map((n) => `- ${n}`),
    '',
  ];
  const markdown = lines.join('\n');
  process.stdout.write(`\n${markdown}`);
  mkdirSync(join(opts.out, '..'), { recursive: true });
  writeFileSync(opts.out, markdown);
  process.stderr.write(`bench: written to ${opts.out}\n`);
}

main().catch((error) => {
  rmSync(SCRATCH, { recursive: true, force: true });
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
