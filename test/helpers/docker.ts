import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * A real Docker engine started for the tests: its own dockerd with a private socket, data
 * and exec roots under a temp folder, vfs storage, no iptables and no bridge (no network
 * needed: containers run with --network none and images come from `docker import`).
 */
export interface DockerEngine {
  /** The engine's API socket. */
  socket: string;
  /** Runs the docker client against this engine. */
  docker(args: readonly string[], options?: { input?: string; timeoutMs?: number }): Promise<DockerResult>;
  /** Removes every container, stops dockerd, deletes its folder. */
  stop(): Promise<void>;
}

export interface DockerResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The client matching Debian's engine when present: a newer client may speak an API the 20.10 engine lacks. */
const CLIENT = ['/usr/bin/docker', '/usr/local/bin/docker'].find((p) => existsSync(p)) ?? 'docker';

/** Why no engine can be started here, or null when it can. */
export function dockerMissing(): string | null {
  if (process.getuid?.() !== 0) return 'dockerd needs root';
  for (const tool of ['dockerd', 'containerd', 'runc']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `${tool} not installed (apt-get install docker.io)`;
  }
  return null;
}

export async function startDockerEngine(): Promise<DockerEngine> {
  const root = mkdtempSync(join(tmpdir(), 'hc-docker-'));
  const socket = join(root, 'docker.sock');
  const host = `unix://${socket}`;
  const daemon: ChildProcess = spawn(
    'dockerd',
    ['--storage-driver=vfs', '--iptables=false', '--ip-masq=false', '--bridge=none', '-H', host, '--data-root', join(root, 'data'), '--exec-root', join(root, 'exec'), '--pidfile', join(root, 'docker.pid')],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  daemon.stderr?.setEncoding('utf8').on('data', (d: string) => (log = (log + d).slice(-4000)));
  const exited = new Promise<void>((resolve) => daemon.once('exit', () => resolve()));

  const docker = (args: readonly string[], options: { input?: string; timeoutMs?: number } = {}): Promise<DockerResult> =>
    runClient(CLIENT, args, { ...options, env: { ...process.env, DOCKER_HOST: host, DOCKER_BUILDKIT: '0' } });

  const stop = async (): Promise<void> => {
    const ids = await docker(['ps', '-aq']);
    if (ids.stdout.trim() !== '') await docker(['rm', '-f', ...ids.stdout.trim().split('\n')]);
    if (daemon.exitCode === null) {
      daemon.kill('SIGTERM');
      const killer = setTimeout(() => daemon.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  };

  for (const started = Date.now(); ; ) {
    if (daemon.exitCode !== null) throw new Error(`dockerd exited with ${daemon.exitCode}:\n${log}`);
    if ((await docker(['version', '--format', '{{.Server.Version}}'], { timeoutMs: 5000 })).code === 0) break;
    if (Date.now() - started > 30_000) {
      await stop();
      throw new Error(`dockerd did not answer on ${socket} within 30 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { socket, docker, stop };
}

/** Runs a container engine's client to its end (killed after `timeoutMs`, 2 minutes by default). */
export function runClient(file: string, args: readonly string[], options: { env: NodeJS.ProcessEnv; input?: string; timeoutMs?: number }): Promise<DockerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Copies a file into a root file system folder at the same absolute path (or `dest`). */
export function copyInto(rootfs: string, source: string, dest = source): void {
  const target = join(rootfs, dest);
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(source, target);
  chmodSync(target, 0o755);
}

/** Copies an ELF executable and every shared library `ldd` says it loads: all it needs, nothing else. */
export function copyWithLibraries(rootfs: string, binary: string, dest: string): void {
  copyInto(rootfs, binary, dest);
  const ldd = spawnSync('ldd', [binary], { encoding: 'utf8' });
  if (ldd.status !== 0) throw new Error(`ldd ${binary}: ${ldd.stderr}`);
  for (const line of ldd.stdout.split('\n')) {
    const path = /(?:=>\s*)?(\/\S+)\s+\(0x/.exec(line)?.[1];
    if (path !== undefined && !existsSync(join(rootfs, path))) copyInto(rootfs, path);
  }
}

export function symlinkInto(rootfs: string, target: string, path: string): void {
  mkdirSync(dirname(join(rootfs, path)), { recursive: true });
  symlinkSync(target, join(rootfs, path));
}

/** A root file system holding `binary` as /healthctl and the C libraries it links, nothing else. */
export function executableRootfs(rootfs: string, binary: string): string {
  copyWithLibraries(rootfs, binary, '/healthctl');
  return rootfs;
}

/** Every file under a root file system folder, as absolute paths inside it. */
export function listFiles(root: string, dir = ''): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(root, join(dir, e.name)) : [`/${join(dir, e.name)}`],
  );
}

/** A folder as the tar an image is imported from (owned by root); returns the tar's path. */
export function packRootfs(rootfs: string): string {
  const tar = `${rootfs}.tar`;
  const packed = spawnSync('tar', ['-C', rootfs, '--numeric-owner', '--owner=0', '--group=0', '-cf', tar, '.'], { encoding: 'utf8' });
  if (packed.status !== 0) throw new Error(`tar: ${packed.stderr}`);
  return tar;
}

/** `docker import` of a folder: the base image, made without a registry. */
export async function importRootfs(engine: DockerEngine, rootfs: string, tag: string): Promise<void> {
  const tar = packRootfs(rootfs);
  const imported = await engine.docker(['import', tar, tag]);
  rmSync(tar, { force: true });
  if (imported.code !== 0) throw new Error(`docker import: ${imported.stderr}`);
}

/** The last state of a container's health, as `docker inspect` reports it. */
export interface HealthState {
  Status: string;
  FailingStreak: number;
  Log: Array<{ Start: string; End: string; ExitCode: number; Output: string }>;
}

export async function inspectHealth(engine: DockerEngine, container: string): Promise<HealthState | null> {
  const result = await engine.docker(['inspect', '--format', '{{json .State.Health}}', container]);
  if (result.code !== 0) throw new Error(`docker inspect: ${result.stderr}`);
  const text = result.stdout.trim();
  if (text === 'null' || text === '') return null;
  return parseHealth(JSON.parse(text));
}

/** Validates the parts of `.State.Health` the tests read. */
function parseHealth(value: unknown): HealthState {
  const bad = (why: string): never => {
    throw new Error(`unexpected .State.Health from docker inspect: ${why}`);
  };
  if (typeof value !== 'object' || value === null) return bad('not an object');
  const status: unknown = Reflect.get(value, 'Status');
  const streak: unknown = Reflect.get(value, 'FailingStreak');
  const log: unknown = Reflect.get(value, 'Log');
  if (typeof status !== 'string' || typeof streak !== 'number' || !Array.isArray(log)) return bad('Status, FailingStreak or Log missing');
  const entries = log.map((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) return bad('log entry not an object');
    const [start, end, code, output]: unknown[] = ['Start', 'End', 'ExitCode', 'Output'].map((k) => Reflect.get(entry, k));
    if (typeof start !== 'string' || typeof end !== 'string' || typeof code !== 'number' || typeof output !== 'string') return bad('log entry fields');
    return { Start: start, End: end, ExitCode: code, Output: output };
  });
  return { Status: status, FailingStreak: streak, Log: entries };
}
