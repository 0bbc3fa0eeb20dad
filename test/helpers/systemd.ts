import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * A real systemd user service manager, started without booting (runtimes.md): a private mount
 * namespace with a tmpfs on /run/systemd, its own XDG_RUNTIME_DIR and XDG_CONFIG_HOME, and
 * `/lib/systemd/systemd --user` as the namespace's first process. Commands run inside the
 * namespace through nsenter.
 */
export class UserManager {
  readonly #manager: ChildProcess;
  readonly #log: string[];
  readonly root: string;
  readonly env: NodeJS.ProcessEnv;
  readonly unitDir: string;

  private constructor(manager: ChildProcess, log: string[], root: string, env: NodeJS.ProcessEnv) {
    this.#manager = manager;
    this.#log = log;
    this.root = root;
    this.env = env;
    this.unitDir = join(root, 'config/systemd/user');
  }

  /** The reason systemd cannot run here, or null. */
  static unavailable(): string | null {
    if (process.platform !== 'linux') return 'not Linux';
    if (process.getuid?.() !== 0) return 'needs root for unshare -m and mount';
    for (const tool of ['/lib/systemd/systemd', '/usr/bin/unshare', '/usr/bin/nsenter', '/usr/bin/systemctl']) {
      if (!existsSync(tool)) return `${tool} is missing`;
    }
    const probe = spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', 'mount -t tmpfs tmpfs /run'], { encoding: 'utf8' });
    if (probe.status !== 0) return `unshare -m cannot mount here: ${probe.stderr.trim()}`;
    return null;
  }

  static async start(): Promise<UserManager> {
    const root = await mkdtemp(join(tmpdir(), 'healthctl-systemd-'));
    const env: NodeJS.ProcessEnv = {
      PATH: process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin',
      HOME: root,
      XDG_RUNTIME_DIR: join(root, 'runtime'),
      XDG_CONFIG_HOME: join(root, 'config'),
    };
    await mkdir(join(root, 'runtime'), { mode: 0o700 });
    await mkdir(join(root, 'config/systemd/user'), { recursive: true });
    // Its own cgroup, so managers of parallel test runs never share units' cgroups.
    const name = root.split('/').pop() ?? 'healthctl-systemd';
    const script = [
      'set -e',
      'mount -t tmpfs tmpfs /run/systemd',
      'mkdir -p /run/systemd/system',
      `for h in /sys/fs/cgroup/systemd /sys/fs/cgroup/unified /sys/fs/cgroup; do if [ -w "$h/cgroup.procs" ]; then mkdir -p "$h/${name}" && echo $$ > "$h/${name}/cgroup.procs" || true; fi; done`,
      'exec /lib/systemd/systemd --user --log-target=console --log-level=notice',
    ].join('\n');
    const manager = spawn('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const log: string[] = [];
    manager.stdout?.setEncoding('utf8').on('data', (d: string) => log.push(d));
    manager.stderr?.setEncoding('utf8').on('data', (d: string) => log.push(d));
    const um = new UserManager(manager, log, root, env);
    const until = performance.now() + 20_000;
    for (;;) {
      if (manager.exitCode !== null) throw new Error(`systemd --user exited: ${log.join('')}`);
      const state = await um.systemctl(['is-system-running']);
      if (/^(running|degraded)/.test(state.stdout)) return um;
      if (performance.now() > until) throw new Error(`systemd --user did not come up (${state.stdout.trim()} ${state.stderr.trim()}): ${log.join('')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** What the manager itself wrote (units without journald write here too). */
  get log(): string {
    return this.#log.join('');
  }

  /** Runs a command inside the manager's mount namespace with its environment. */
  exec(argv: readonly string[], options: { timeoutMs?: number } = {}): Promise<CommandResult> {
    const pid = this.#manager.pid;
    if (pid === undefined) throw new Error('systemd --user is not running');
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const child = spawn('nsenter', ['-t', String(pid), '-m', '--', ...argv], { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr, ms: performance.now() - started });
      });
    });
  }

  systemctl(args: readonly string[], options: { timeoutMs?: number } = {}): Promise<CommandResult> {
    return this.exec(['systemctl', '--user', '--no-pager', ...args], options);
  }

  /** `systemctl --user show` as a record. */
  async show(unit: string, properties: readonly string[]): Promise<Record<string, string>> {
    const r = await this.systemctl(['show', unit, ...properties.map((p) => `--property=${p}`)]);
    const out: Record<string, string> = {};
    for (const line of r.stdout.split('\n')) {
      const eq = line.indexOf('=');
      if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1);
    }
    return out;
  }

  /** Writes a unit (and optional drop-in) and reloads the manager. */
  async writeUnit(name: string, text: string, dropIn?: string): Promise<void> {
    await writeFile(join(this.unitDir, name), text);
    if (dropIn !== undefined) {
      await mkdir(join(this.unitDir, `${name}.d`), { recursive: true });
      await writeFile(join(this.unitDir, `${name}.d/test.conf`), dropIn);
    }
    const r = await this.systemctl(['daemon-reload']);
    if (r.code !== 0) throw new Error(`daemon-reload: ${r.stderr}`);
  }

  readFile(path: string): Promise<string> {
    return readFile(path, 'utf8').catch(() => '');
  }

  /** Stops every unit, ends the manager (and with it the namespace) and removes the folders. */
  async stop(): Promise<void> {
    const manager = this.#manager;
    if (manager.exitCode === null && manager.signalCode === null) {
      const exited = new Promise((r) => manager.once('exit', r));
      manager.kill('SIGTERM');
      const timer = setTimeout(() => manager.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    // The manager's own cgroups, deepest first; they are empty once it has exited.
    const name = this.root.split('/').pop() ?? '';
    for (const h of ['/sys/fs/cgroup/systemd', '/sys/fs/cgroup/unified', '/sys/fs/cgroup']) {
      if (name !== '' && existsSync(join(h, name))) spawnSync('find', [join(h, name), '-depth', '-type', 'd', '-exec', 'rmdir', '{}', ';'], { stdio: 'ignore' });
    }
    await rm(this.root, { recursive: true, force: true });
  }
}
