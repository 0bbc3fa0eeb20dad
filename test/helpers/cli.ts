import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('../fixtures/formats/', import.meta.url));

/** The npm package's entry point, run by Node. */
export const NPM_BIN = fileURLToPath(new URL('../../bin/healthctl.js', import.meta.url));
/** The standalone executable `npm run build:bin` writes. */
export const EXECUTABLE = fileURLToPath(new URL('../../build/healthctl', import.meta.url));

const BUILDS = ['npm', 'bin'] as const;
export type Build = (typeof BUILDS)[number];

/**
 * The build the end-to-end tests run, from HEALTHCTL_TEST_BIN: `npm` (the default) runs
 * `node bin/healthctl.js`, `bin` runs build/healthctl. `npm test` runs the e2e suites once each.
 */
export const BUILD_UNDER_TEST: Build = buildFromEnv(process.env['HEALTHCTL_TEST_BIN']);

function buildFromEnv(value: string | undefined): Build {
  if (value === undefined || value === '') return 'npm';
  const build = BUILDS.find((b) => b === value);
  if (build === undefined) throw new Error(`HEALTHCTL_TEST_BIN must be one of ${BUILDS.join(', ')}, not ${JSON.stringify(value)}`);
  if (build === 'bin' && !existsSync(EXECUTABLE)) throw new Error(`HEALTHCTL_TEST_BIN=bin: ${EXECUTABLE} is missing (npm run build:bin)`);
  return build;
}

/** The file a user puts on PATH as `healthctl`: bin/healthctl.js (a `#!/usr/bin/env node` script) or the executable. */
export const BIN = BUILD_UNDER_TEST === 'bin' ? EXECUTABLE : NPM_BIN;

/** The command line that starts healthctl with `args`, for spawn(): `node bin/healthctl.js …` or `build/healthctl …`. */
export function cliCommand(args: readonly string[]): [string, string[]] {
  return BUILD_UNDER_TEST === 'bin' ? [EXECUTABLE, [...args]] : [process.execPath, [NPM_BIN, ...args]];
}

/** The same command line as one shell word list, for a shell script or tmux. */
export function cliShellCommand(): string {
  return BUILD_UNDER_TEST === 'bin' ? EXECUTABLE : `${process.execPath} ${NPM_BIN}`;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to exit. */
  ms: number;
}

export interface CliOptions {
  env?: NodeJS.ProcessEnv;
  /** Replace the environment entirely instead of adding to a clean one. */
  exactEnv?: boolean;
  input?: string;
  killAfterMs?: number;
  /** A command the binary runs under, e.g. `['nsenter', '-t', PID, '-n']` to share a service's network namespace. */
  prefix?: readonly string[];
}

/**
 * Runs the built binary as a user would: a fresh process, its own environment.
 * HEALTHCTL_* and runtime-detection variables of the test runner are not inherited.
 */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  return runCommand([...(options.prefix ?? []), ...cliCommand(args).flat()], options);
}

// python3's pty module gives the child a terminal for stdin, stdout and stderr, and exits with its status.
const IN_TERMINAL = 'import os, pty, sys; sys.exit(os.waitstatus_to_exitcode(pty.spawn(sys.argv[1:])))';

/**
 * Runs the built binary with a terminal on stdout (and stderr), as a person at a shell or
 * `kubectl exec -it` does; what it printed comes back in stdout, with the terminal's CRLF.
 */
export function runCliInTerminal(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  return runCommand(['python3', '-c', IN_TERMINAL, ...cliCommand(args).flat()], options);
}

/** Runs any program as runCli runs healthctl: a clean environment (no HEALTHCTL_* or runtime variables of the test runner). */
export function runCommand([command = '', ...args]: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  const base: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(HEALTHCTL_|KUBERNETES_|ECS_|INVOCATION_ID$|NOTIFY_SOCKET$|WATCHDOG_|NO_COLOR$|FORCE_COLOR$)/.test(k)) continue;
    base[k] = v;
  }
  const env = options.exactEnv === true ? (options.env ?? {}) : { ...base, ...options.env };
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = options.killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.killAfterMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer !== undefined) clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: performance.now() - started });
    });
    child.stdin.end(options.input ?? '');
  });
}
