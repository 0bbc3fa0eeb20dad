import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../helpers/cli.js';

/** A program the suite started: stopped by its own pid, never by name. */
export interface Started {
  name: string;
  pid: number;
  /** The last 8 KB it wrote to stdout and stderr, for failure messages. */
  log(): string;
  running(): boolean;
  /** Resolves with the first stdout line that matches. */
  line(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Writes one line to its stdin (the Node fixtures read commands there). */
  send(command: string): void;
  /** Sends `signal`, waits for the exit (SIGKILL after `graceMs`). */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Run it in a network namespace of its own, with only a loopback interface. */
  ownNetwork?: boolean;
}

/** Starts `command` with piped stdio; `ownNetwork` wraps it in `unshare -n`, keeping the pid. */
export function startProgram(name: string, command: string, args: readonly string[], options: StartOptions = {}): Started {
  const [file, argv] = options.ownNetwork === true ? ['unshare', ['-n', 'sh', '-c', 'ip link set lo up && exec "$0" "$@"', command, ...args]] : [command, [...args]];
  const child: ChildProcess = spawn(file, argv, { env: { ...process.env, ...options.env }, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`${name} did not start`);
  let log = '';
  let stdout = '';
  const waiters = new Set<() => void>();
  const keep = (chunk: Buffer, out: boolean): void => {
    const text = chunk.toString('utf8');
    log = (log + text).slice(-8000);
    if (out) stdout += text;
    for (const wake of waiters) wake();
  };
  child.stdout?.on('data', (c: Buffer) => keep(c, true));
  child.stderr?.on('data', (c: Buffer) => keep(c, false));
  child.stdin?.on('error', () => undefined);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pid = child.pid;
  return {
    name,
    pid,
    log: () => log,
    running: () => child.exitCode === null && child.signalCode === null,
    line: (pattern, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => done(new Error(`${name}: no line matching ${pattern} within ${timeoutMs} ms:\n${log}`)), timeoutMs);
        const check = (): void => {
          const found = stdout.split('\n').map((l) => pattern.exec(l)).find((m) => m !== null);
          if (found !== undefined && found !== null) done(found);
          else if (child.exitCode !== null) done(new Error(`${name} exited with ${child.exitCode}:\n${log}`));
        };
        const done = (result: RegExpExecArray | Error): void => {
          clearTimeout(timer);
          waiters.delete(check);
          if (result instanceof Error) reject(result);
          else resolve(result);
        };
        waiters.add(check);
        check();
      }),
    send: (command) => void child.stdin?.write(`${command}\n`),
    stop: async (signal = 'SIGTERM', graceMs = 10_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      process.kill(pid, signal);
      const killer = setTimeout(() => child.exitCode === null && child.signalCode === null && process.kill(pid, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** Polls `probe` until it returns true; fails naming `what` after `timeoutMs`. */
export async function waitUntil(what: string, probe: () => Promise<boolean> | boolean, timeoutMs = 30_000, everyMs = 50): Promise<void> {
  const started = Date.now();
  while (!(await probe())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A private folder; short, so Unix socket paths inside it stay under the kernel's limit. */
export function makeWorkDir(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `hc-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true, maxRetries: 3 }) };
}

/** The first line a command prints (a version banner), or null when it cannot run. */
export function firstLineOf(command: string, args: readonly string[]): string | null {
  const run = spawnSync(command, args, { encoding: 'utf8' });
  if (run.status !== 0 || run.error !== undefined) return null;
  return `${run.stdout}${run.stderr}`.trim().split('\n')[0] ?? null;
}

/** Why `commands` cannot run here, or null. */
export function missingCommands(commands: readonly string[], hint: string): string | null {
  const missing = commands.filter((c) => spawnSync('sh', ['-c', `command -v ${c}`]).status !== 0);
  return missing.length === 0 ? null : `${missing.join(', ')} not installed (${hint})`;
}

/** Prints what the suite ran against, so the run's log holds the versions docs/tested-against.md lists. */
export function reportVersion(software: string, version: string): void {
  console.log(`[conformance] ${software} ${version}`);
}

/** The version an installed npm package reports in its package.json. */
export function packageVersion(name: string): string {
  const text = readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8');
  const parsed: unknown = JSON.parse(text);
  const version: unknown = typeof parsed === 'object' && parsed !== null ? Reflect.get(parsed, 'version') : undefined;
  if (typeof version !== 'string') throw new Error(`${name}: no version in package.json`);
  return version;
}
