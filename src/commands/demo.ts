import { chooseRuntime, resolveCheckOptions, type CheckOptions } from '../config/check-options.js';
import { formatDuration, parseDuration } from '../base/durations.js';
import { DEFAULT_TARGET } from '../config/target.js';
import { HealthctlError, usageError } from '../base/errors.js';
import type { Io } from '../base/io.js';
import { exitCode } from '../runtimes/exit-code.js';
import { runSampleService } from '../sample/serve-main.js';
import { watchDiagnosis } from './diagnose-watch.js';

export interface DemoFlags {
  serve?: boolean;
  host?: string;
  port?: string;
  readyAfter?: string;
  /** `--no-flap` sets false. */
  flap?: boolean;
  probe?: string;
  runtime?: string;
}

export interface DemoSetFlags {
  error?: string;
  host?: string;
  port?: string;
}

/** Where `demo --serve` listens by default: Pomerium's health port, so `healthctl probe` needs no target. */
export const SERVE_PORT = 28080;
const DEFAULT_READY_AFTER_MS = 5000;
/** Twice a second: the startup is short enough that a slower view would skip steps. */
const DEMO_WATCH_MS = 500;
/** Without a terminal the demo stops once ready; this long past the expected ready time, it gives up. */
const NO_TTY_GRACE_MS = 30_000;

function parsePort(text: string, flag: string, allowZero: boolean): number {
  const port = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isInteger(port) || port > 65535 || (port === 0 && !allowZero)) {
    throw usageError(`${flag}: '${text}' is not a port (${allowZero ? '0' : '1'}–65535${allowZero ? ', 0 picks a free one' : ''})`);
  }
  return port;
}

function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

const LISTENING = /^sample service listening on (\S+)$/;

interface Started {
  done: Promise<number>;
  /** The base URL, or null when the service could not listen. */
  url: Promise<string | null>;
}

function startService(options: { host: string; port: number; readyAfterMs: number; flap: boolean; signal?: AbortSignal }, log: (line: string) => void): Started {
  let announce: (url: string | null) => void = () => {};
  const url = new Promise<string | null>((resolve) => {
    announce = resolve;
  });
  const done = runSampleService({
    host: options.host,
    port: options.port,
    readyAfterMs: options.readyAfterMs,
    flap: options.flap,
    control: true,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    log: (line) => {
      const match = LISTENING.exec(line);
      if (match?.[1] !== undefined) announce(match[1]);
      log(line);
    },
  });
  void done.then(() => announce(null), () => announce(null));
  return { done, url };
}

/** What the `demo --serve` banner suggests; a test runs each line and checks what its comment says. */
function tryCommands(host: string, port: number, flap: boolean): string {
  const at = hostPort(host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host, port);
  const target = port === SERVE_PORT && at === `127.0.0.1:${SERVE_PORT}` ? '' : ` ${at}`;
  const portFlag = port === SERVE_PORT ? '' : ` --port ${port}`;
  const lines: Array<[command: string, comment: string]> = [
    [`healthctl wait${target} --timeout 30s`, 'returns as soon as it is ready'],
    [`healthctl probe${target}`, 'exit 0 when ready'],
    [`healthctl diagnose${target} --watch`, 'the live view, until Ctrl-C'],
    [`healthctl demo set storage.backend running --error 'ping postgres: timeout'${portFlag}`, 'make it fail, until undone'],
    [`healthctl demo set storage.backend auto${portFlag}`, flap ? 'undo: the scenario drives it again (and flaps it)' : 'undo: the scenario drives it again'],
  ];
  return `
Try, from another terminal:
${lines.map(([command, comment]) => `  # ${comment}\n  ${command}\n`).join('')}
Ctrl-C or SIGTERM drains (every component TERMINATING) and stops.
`;
}

/** The demo checks its own sample service: of the HEALTHCTL_* variables it reads only those of its own flags. */
function demoEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('HEALTHCTL_') || name === 'HEALTHCTL_PROBE' || name === 'HEALTHCTL_RUNTIME'));
}

function readyAfter(flags: DemoFlags): number {
  return flags.readyAfter === undefined ? DEFAULT_READY_AFTER_MS : parseDuration(flags.readyAfter, '--ready-after');
}

/** `demo --serve`: only the sample service, until SIGINT/SIGTERM; prints what to try against it. */
async function serveOnly(flags: DemoFlags, io: Io): Promise<number> {
  const host = flags.host ?? '127.0.0.1';
  const port = flags.port === undefined ? SERVE_PORT : parsePort(flags.port, '--port', true);
  const readyAfterMs = readyAfter(flags);
  const started = startService({ host, port, readyAfterMs, flap: flags.flap ?? true }, (line) => {
    const match = LISTENING.exec(line);
    io.stdout(`${line}\n`);
    if (match?.[1] !== undefined) {
      io.stdout(`components come up over ${formatDuration(readyAfterMs)}${flags.flap === false ? '' : '; storage.backend then fails for 2s every 15s'}\n`);
      io.stdout(tryCommands(host, Number(new URL(match[1]).port), flags.flap ?? true));
    }
  });
  return started.done;
}

/**
 * `healthctl demo`: the sample service in-process and `diagnose --watch` against it. On a
 * terminal it runs until Ctrl-C, which drains the service and shows the summary; without one
 * it prints transitions until the service is ready, then stops it and exits 0.
 */
export async function demoCommand(flags: DemoFlags, io: Io): Promise<number> {
  if (flags.serve === true) return serveOnly(flags, io);
  const host = flags.host ?? '127.0.0.1';
  const port = flags.port === undefined ? 0 : parsePort(flags.port, '--port', true);
  const readyAfterMs = readyAfter(flags);
  const env = demoEnv(io.env);
  const runtimeChoice = chooseRuntime(flags.runtime, env, io.stdoutIsTTY);
  const checkOptions = (target: string): CheckOptions =>
    resolveCheckOptions(target, { ...(flags.probe === undefined ? {} : { probe: flags.probe }), runtime: runtimeChoice.runtime }, env);
  // Every setting is checked before the service starts (its address is not known yet), so a bad one is one line and nothing else.
  checkOptions(DEFAULT_TARGET);
  const stopService = new AbortController();
  const held: string[] = [];
  let holding = false;
  const started = startService({ host, port, readyAfterMs, flap: flags.flap ?? true, signal: stopService.signal }, (line) => {
    if (holding) held.push(line);
    else io.stdout(`${line}\n`);
  });
  const url = await started.url;
  if (url === null) return (await started.done) === 0 ? 1 : exitCode({ runtime: 'plain', pomeriumCompat: false }, 'usage');

  const options = checkOptions(`${url}/status`);
  const untilPass = !io.stdoutIsTTY;
  const giveUp = new AbortController();
  const timer = untilPass ? setTimeout(() => giveUp.abort(), readyAfterMs + NO_TTY_GRACE_MS) : undefined;
  if (!untilPass) io.stdout(`healthctl diagnose ${url}/status --watch\n`);
  holding = io.stdoutIsTTY;
  let code: number;
  try {
    code = await watchDiagnosis({ options, runtimeChoice, timeoutGiven: false, intervalMs: DEMO_WATCH_MS, untilPass, stop: giveUp.signal }, io);
  } catch (error: unknown) {
    if (!(error instanceof HealthctlError) && !io.signal.aborted) throw error;
    code = 1;
  } finally {
    clearTimeout(timer);
    // Ctrl-C already asked the service to drain (it listens for SIGINT itself); a second request would cut the drain short.
    if (!io.signal.aborted) stopService.abort();
  }
  holding = false;
  for (const line of held) io.stdout(`${line}\n`);
  await started.done;
  if (untilPass) return code;
  return 0;
}

const STATUSES: Record<string, 'RUNNING' | 'UNKNOWN' | 'TERMINATING' | 'auto'> = {
  running: 'RUNNING',
  starting: 'UNKNOWN',
  unknown: 'UNKNOWN',
  terminating: 'TERMINATING',
  auto: 'auto',
};

/** One request to a running demo's control endpoint; the answer's body when it is 200. */
async function control(host: string, port: number, path: string, init: RequestInit, io: Io): Promise<string> {
  let response: Response;
  try {
    response = await fetch(`http://${hostPort(host, port)}${path}`, { ...init, signal: AbortSignal.any([io.signal, AbortSignal.timeout(5000)]) });
  } catch (error: unknown) {
    const reason = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
    throw new HealthctlError('unreachable', `no demo service answers on ${hostPort(host, port)} (${reason}); start one with: healthctl demo --serve${port === SERVE_PORT ? '' : ` --port ${port}`}`);
  }
  const text = await response.text();
  if (response.status !== 200) throw new HealthctlError(response.status === 404 ? 'unreachable' : 'bad-response', `${hostPort(host, port)} answered ${response.status}: ${text.trim()} (is it a healthctl demo --serve?)`);
  return text;
}

/** The release answer in words: whether the scenario had lost NAME, and its state now (`RUNNING, error: …`, or `not reported`). */
function describeRelease(answer: string): { released: boolean; state: string } {
  const body: unknown = JSON.parse(answer);
  if (typeof body !== 'object' || body === null) return { released: false, state: 'not reported' };
  const released = 'released' in body && body.released === true;
  if (!('status' in body) || typeof body.status !== 'string') return { released, state: 'not reported' };
  return { released, state: 'error' in body && typeof body.error === 'string' ? `${body.status}, error: ${body.error}` : body.status };
}

/**
 * `demo set NAME STATUS [--error TEXT]`: drive a running demo's control endpoint from outside.
 * The component keeps that state, whatever the sample's scenario does, until `demo set NAME auto`.
 */
export async function demoSetCommand(name: string, status: string, flags: DemoSetFlags, io: Io): Promise<number> {
  const wire = STATUSES[status.toLowerCase()];
  if (wire === undefined) throw usageError(`STATUS: '${status}' is not one of running, starting, terminating, auto`);
  if (wire === 'auto' && flags.error !== undefined) throw usageError('--error: auto gives the component back to the scenario, which decides its error');
  const host = flags.host ?? '127.0.0.1';
  const port = flags.port === undefined ? SERVE_PORT : parsePort(flags.port, '--port', false);
  if (wire === 'auto') {
    const { released, state } = describeRelease(await control(host, port, `/control/release/${encodeURIComponent(name)}`, { method: 'POST' }, io));
    io.stdout(`${name}: ${released ? 'back to the scenario' : 'already the scenario\'s'}, now ${state}\n`);
    return 0;
  }
  const body = JSON.stringify({ status: wire, error: flags.error ?? null });
  await control(host, port, `/control/components/${encodeURIComponent(name)}`, { method: 'PUT', body, headers: { 'content-type': 'application/json' } }, io);
  // The flags as given: the command that undoes this one reaches the same service.
  const undo = `healthctl demo set ${name} auto${flags.host === undefined ? '' : ` --host ${flags.host}`}${flags.port === undefined ? '' : ` --port ${port}`}`;
  io.stdout(`${name}: ${wire}${flags.error === undefined ? '' : `, error: ${flags.error}`}; kept until ${undo}\n`);
  return 0;
}
