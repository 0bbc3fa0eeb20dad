import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_UNDER_TEST, cliCommand, cliShellCommand } from '../../helpers/cli.js';
import { closedPort, startServer, type TestServer } from '../../helpers/http-server.js';
import { notifyToolsMissing, receiver } from '../../helpers/notify-receiver.js';
import { checkComponent } from '../../helpers/require-component.js';
import { stopTmuxServer } from '../../helpers/tmux.js';
import { FORCE_KILL_AFTER_MS, startChild } from '../../../src/systemd/child.js';

// `healthctl run` never orphans its service and never stops supervising because of its own
// outputs: real processes, real signals, their pids checked in /proc.

const CHILD = fileURLToPath(new URL('./fixtures/signal-child.mjs', import.meta.url));
const FAIL = fileURLToPath(new URL('./fixtures/fail-while-supervising.cjs', import.meta.url));
const SHELL = fileURLToPath(new URL('./fixtures/terminal-shell.py', import.meta.url));

let dir: string;
let logs = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'healthctl-supervise-'));
});
afterAll(async () => {
  // A test that failed may have left a service running (that is what it tests): end each by its pid.
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.log'))) {
    for (const m of read(join(dir, file)).matchAll(/^(?:pid|grandchild) (\d+)$/gm)) {
      try {
        process.kill(Number(m[1]), 'SIGKILL');
      } catch {
        // Already gone, as it should be.
      }
    }
  }
  await rm(dir, { recursive: true, force: true });
});

const read = (path: string): string => (existsSync(path) ? readFileSync(path, 'utf8') : '');

/** One-letter state of a process (R, S, T, Z …), or null when it is gone. A zombie is gone too: nothing runs. */
function stateOf(pid: number): string | null {
  const stat = read(`/proc/${pid}/stat`);
  if (stat === '') return null;
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state === 'Z' || state === 'X' ? null : state;
}

async function until<T>(what: string, probe: () => T | null | undefined | false, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== null && value !== undefined && value !== false && value !== '') return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

interface Supervised {
  healthctl: ChildProcess;
  log: string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
  /** The service's pid (and its child's, with `grandchild`), once it is up. */
  pids(): Promise<{ child: number; grandchild: number | null }>;
}

/** `healthctl run -- signal-child.mjs LOG …flags` against a target that never answers. */
async function supervise(flags: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<Supervised> {
  const log = join(dir, `child-${logs++}.log`);
  const port = await closedPort();
  const healthctl = spawn(...cliCommand(['run', '--target', `http://127.0.0.1:${port}/status`, '--', process.execPath, CHILD, log, ...flags]), {
    env: { PATH: process.env['PATH'], ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  healthctl.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => healthctl.on('exit', (code, signal) => r({ code, signal })));
  const pids = async (): Promise<{ child: number; grandchild: number | null }> => {
    const text = await until('the service to be up', () => (read(log).includes('up') ? read(log) : null));
    const child = Number(/^pid (\d+)$/m.exec(text)?.[1]);
    const grandchild = /^grandchild (\d+)$/m.exec(text);
    return { child, grandchild: grandchild === null ? null : Number(grandchild[1]) };
  };
  started.push(healthctl);
  return { healthctl, log, exit, stderr: () => stderr, pids };
}

const started: ChildProcess[] = [];
afterAll(() => {
  for (const p of started) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
});

describe('healthctl run passes every signal that matters to the service', () => {
  it('SIGQUIT, SIGALRM, SIGUSR1, SIGUSR2, SIGWINCH and SIGABRT reach the service, and supervision goes on', async () => {
    const s = await supervise();
    await s.pids();
    for (const name of ['SIGQUIT', 'SIGALRM', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH', 'SIGABRT'] as const) {
      s.healthctl.kill(name);
      await until(`the service to get ${name}`, () => read(s.log).includes(`got ${name}`));
    }
    expect(s.healthctl.exitCode).toBeNull();
    s.healthctl.kill('SIGTERM');
    expect(await s.exit).toEqual({ code: 0, signal: null });
  });

  it('Ctrl-Z (SIGTSTP) stops the service with healthctl, and SIGCONT continues both', async () => {
    const s = await supervise();
    const { child } = await s.pids();
    const pid = s.healthctl.pid ?? 0;
    s.healthctl.kill('SIGTSTP');
    await until('both to be stopped', () => stateOf(child) === 'T' && stateOf(pid) === 'T');
    s.healthctl.kill('SIGCONT');
    await until('both to run again', () => stateOf(child) !== 'T' && stateOf(pid) !== 'T');
    await until('the service to see SIGCONT', () => read(s.log).includes('got SIGCONT'));
    s.healthctl.kill('SIGTERM');
    expect(await s.exit).toEqual({ code: 0, signal: null });
  });
});

describe('the service never outlives healthctl', () => {
  it('a second SIGTERM, a second after the first, kills the service\'s whole process group', async () => {
    const s = await supervise(['ignore-term', 'grandchild']);
    const { child, grandchild } = await s.pids();
    s.healthctl.kill('SIGTERM');
    await until('the service to get SIGTERM', () => read(s.log).includes('got SIGTERM'));
    await new Promise((r) => setTimeout(r, 1200));
    expect(stateOf(child)).not.toBeNull();
    s.healthctl.kill('SIGTERM');
    expect(await s.exit).toEqual({ code: 137, signal: null });
    expect(s.stderr()).toContain('SIGTERM again: killing the process group of');
    await until('the service and its child to be gone', () => stateOf(child) === null && stateOf(grandchild ?? 0) === null);
  });

  // The error is injected with NODE_OPTIONS=--require, which only Node reads; the executable runs the same run.ts.
  it.skipIf(BUILD_UNDER_TEST === 'bin')('an uncaught error in healthctl stops the service (SIGTERM) and its process group before healthctl exits', async () => {
    const log = join(dir, `child-${logs}.log`);
    const s = await supervise(['grandchild'], { NODE_OPTIONS: `--require=${FAIL}`, HEALTHCTL_TEST_CHILD_LOG: log });
    expect(s.log).toBe(log);
    const { child, grandchild } = await s.pids();
    const end = await s.exit;
    expect(end.signal).toBeNull();
    expect(end.code).toBe(1);
    expect(read(s.log)).toContain('got SIGTERM');
    expect(s.stderr()).toMatch(/internal error while supervising; stopping \S+ \(SIGTERM, then SIGKILL to its process group\)/);
    expect(s.stderr()).toContain('healthctl: internal error: injected failure while supervising');
    expect(s.stderr()).not.toMatch(/\n\s+at \S/);
    await until('the service and its child to be gone', () => stateOf(child) === null && stateOf(grandchild ?? 0) === null);
  });
});

describe('stopping for good (healthctl must exit)', () => {
  it('a service that ignores SIGTERM gets SIGKILL after the grace, and its process group goes with it', async () => {
    const log = join(dir, `child-${logs++}.log`);
    const child = await startChild(process.execPath, [CHILD, log, 'ignore-term', 'grandchild'], { PATH: process.env['PATH'] });
    const text = await until('the service to be up', () => (read(log).includes('up') ? read(log) : null));
    const grandchild = Number(/^grandchild (\d+)$/m.exec(text)?.[1]);
    const started = performance.now();
    const end = await child.stopForGood();
    expect(end).toEqual({ kind: 'exit', code: null, signal: 'SIGKILL' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(FORCE_KILL_AFTER_MS - 100);
    expect(read(log)).toContain('got SIGTERM');
    await until('its child to be gone', () => stateOf(grandchild) === null);
  }, 20_000);
});

const notifySkip = checkComponent('systemd', notifyToolsMissing());

describe.skipIf(notifySkip !== null)('a closed stdout or stderr never ends supervision', () => {
  let flapping: TestServer;
  beforeAll(async () => {
    // Every answer differs from the one before, so every check writes a journal line.
    let n = 0;
    flapping = await startServer((_req, res) => {
      n += 1;
      res.setHeader('Content-Type', 'text/plain');
      res.end(JSON.stringify({ statuses: { a: n % 2 === 0 ? { status: 'RUNNING' } : { status: 'RUNNING', error: `slow ${n}` } }, checks: ['a'] }));
    });
  });
  afterAll(() => flapping.close());

  it('`healthctl run … 2>&1 | head -c1`: checks and notify messages go on, and healthctl exits with the service\'s status', async () => {
    const address = join(dir, 'epipe.sock');
    const rx = await receiver(address);
    const log = join(dir, 'epipe-child.log');
    const command = `${cliShellCommand()} run --target ${flapping.url}/status --interval 100ms -- ${process.execPath} ${CHILD} ${log} exit-after-ms=2500 2>&1 | head -c1; echo " status=\${PIPESTATUS[0]}"`;
    try {
      // Not spawnSync: the receiver's lines must be read while the pipeline runs.
      const shell = spawn('bash', ['-c', command], { env: { PATH: process.env['PATH'], NOTIFY_SOCKET: address }, stdio: ['ignore', 'pipe', 'inherit'] });
      started.push(shell);
      let stdout = '';
      shell.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      await new Promise((r) => shell.on('close', r));
      expect(stdout).toMatch(/^h status=7\n$/);
      await until('the last datagrams to be read', () => rx.datagrams.some((d) => d.data === 'BARRIER=1'));
      // The pipe closed at the first byte; the service ran 2.5 s more, and healthctl spoke for it all along.
      const statuses = rx.datagrams.filter((d) => d.data.startsWith('STATUS='));
      expect(statuses.length).toBeGreaterThan(5);
      expect((statuses.at(-1)?.monoUsec ?? 0) - (statuses[0]?.monoUsec ?? 0)).toBeGreaterThan(1_500_000);
    } finally {
      rx.stop();
    }
  });

  it('both pipes closed by their reader: the service keeps running and its exit status is healthctl\'s', async () => {
    const s = await supervise();
    const { child } = await s.pids();
    s.healthctl.stderr?.destroy();
    await new Promise((r) => setTimeout(r, 1500));
    expect(stateOf(child)).not.toBeNull();
    s.healthctl.kill('SIGUSR2');
    await until('the service to get SIGUSR2', () => read(s.log).includes('got SIGUSR2'));
    s.healthctl.kill('SIGTERM');
    expect(await s.exit).toEqual({ code: 0, signal: null });
  });
});

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const tmuxSkip = checkComponent('tmux', hasTmux ? null : 'tmux is not installed') !== null;
const SOCKET = `healthctl-run-${process.pid}`;

describe.skipIf(tmuxSkip)('on a terminal (tmux)', () => {
  const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', SOCKET, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  afterAll(() => {
    if (hasTmux) stopTmuxServer(SOCKET);
  });

  /** healthctl run in a tmux pane, under a stand-in for the shell that a hangup reaches first. */
  async function onTerminal(session: string, stderr = '-'): Promise<{ log: string; healthctl: number; child: number; status: () => string }> {
    const log = join(dir, `${session}.log`);
    const pidFile = join(dir, `${session}.pid`);
    const statusFile = join(dir, `${session}.status`);
    const port = await closedPort();
    // The service writes to its file, not the terminal: a Node program can abort as it exits when its terminal has hung up (seen here with Node 20).
    const service = `sh -c 'exec ${process.execPath} ${CHILD} ${log} </dev/null >/dev/null 2>&1'`;
    tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '30', `python3 ${SHELL} ${statusFile} ${pidFile} ${stderr} ${cliShellCommand()} run --target http://127.0.0.1:${port}/status -- ${service}`);
    const healthctl = Number(await until('healthctl to start', () => read(pidFile).trim()));
    // A pid of 0 would signal this test's own process group.
    expect(healthctl).toBeGreaterThan(1);
    const child = Number(await until('the service to be up', () => (read(log).includes('up') ? /^pid (\d+)$/m.exec(read(log))?.[1] : null)));
    return { log, healthctl, child, status: () => read(statusFile) };
  }

  it('the terminal hangs up: the service is stopped with SIGTERM, not reloaded, and healthctl exits', async () => {
    // stderr to a file: after the hangup healthctl writes nothing to the terminal, yet must still exit cleanly.
    const stderr = join(dir, 'hangup.stderr');
    const { log, healthctl, child, status } = await onTerminal('hangup', stderr);
    tmux('kill-session', '-t', 'hangup');
    await until('the service and healthctl to be gone', () => stateOf(child) === null && stateOf(healthctl) === null);
    expect(read(log)).toContain('got SIGTERM');
    expect(read(log)).not.toContain('got SIGHUP');
    // healthctl exits with the service's status, not by a signal of its own.
    expect(await until('healthctl\'s exit status', () => status())).toBe('0');
    expect(read(stderr)).toMatch(/healthctl run: SIGHUP: the terminal hung up: passing SIGTERM to \S+ and waiting for it to exit/);
  });

  it('a SIGHUP sent on purpose while the terminal is there is a reload', async () => {
    const { log, healthctl, child } = await onTerminal('reload');
    process.kill(healthctl, 'SIGHUP');
    await until('the service to get SIGHUP', () => read(log).includes('got SIGHUP'));
    expect(stateOf(child)).not.toBeNull();
    process.kill(healthctl, 'SIGTERM');
    await until('the service and healthctl to be gone', () => stateOf(child) === null && stateOf(healthctl) === null);
    expect(read(log)).toContain('got SIGTERM');
  });
});
