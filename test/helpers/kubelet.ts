import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { BIN } from './cli.js';

/**
 * A kubelet-faithful harness, not a cluster: it does with an exec probe what kubelet's
 * prober does (pkg/probe/exec, pkg/kubelet/prober): runs the command with no shell, kills it
 * at timeoutSeconds, reads at most 10 KiB of stdout+stderr, decides by exit code, records the
 * Warning event message, and gates liveness and readiness on the startup probe.
 */

export type ProbeKindName = 'startup' | 'readiness' | 'liveness';

export interface ExecProbe {
  kind: ProbeKindName;
  command: string[];
  periodSeconds: number;
  timeoutSeconds: number;
  failureThreshold: number;
}

export interface ProbeRun {
  kind: ProbeKindName;
  /** ms since the harness started. */
  at: number;
  ms: number;
  exitCode: number | null;
  timedOut: boolean;
  output: string;
  /** The Warning event message kubelet records on failure (reason Unhealthy), else null. */
  event: string | null;
}

const MAX_OUTPUT = 10 * 1024;
const EVENT_PREFIX = { startup: 'Startup', readiness: 'Readiness', liveness: 'Liveness' } as const;
const FIELD = { startupProbe: 'startup', readinessProbe: 'readiness', livenessProbe: 'liveness' } as const;

/** The exec probes of a container spec fragment, checked field by field as the API server would. */
export function probesFromYaml(text: string): ExecProbe[] {
  const doc: unknown = parseYaml(text);
  if (typeof doc !== 'object' || doc === null) throw new Error('probe YAML is not a mapping');
  return Object.entries(doc).map(([field, spec]: [string, unknown]) => {
    const kind = field === 'startupProbe' || field === 'readinessProbe' || field === 'livenessProbe' ? FIELD[field] : null;
    if (kind === null || typeof spec !== 'object' || spec === null) throw new Error(`unexpected field ${field}`);
    const num = (key: string, fallback: number): number => {
      const value: unknown = Reflect.get(spec, key);
      if (value === undefined) return fallback;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new Error(`${field}.${key} must be a positive integer`);
      return value;
    };
    const exec: unknown = Reflect.get(spec, 'exec');
    const command: unknown = typeof exec === 'object' && exec !== null ? Reflect.get(exec, 'command') : undefined;
    if (!Array.isArray(command) || command.length === 0 || !command.every((w): w is string => typeof w === 'string')) throw new Error(`${field}.exec.command must be a list of strings`);
    const successThreshold = num('successThreshold', 1);
    if (kind !== 'readiness' && successThreshold !== 1) throw new Error(`${field}.successThreshold must be 1`);
    // kubelet's defaults: periodSeconds 10, timeoutSeconds 1, failureThreshold 3.
    return { kind, command, periodSeconds: num('periodSeconds', 10), timeoutSeconds: num('timeoutSeconds', 1), failureThreshold: num('failureThreshold', 3) };
  });
}

/**
 * A container's environment: PATH finds `healthctl` (the built bin), and the variable every pod
 * has. `extra` is what a pod spec's `env:` would add.
 */
export function podEnvironment(extra: NodeJS.ProcessEnv = {}): { env: NodeJS.ProcessEnv; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'hc-pod-'));
  symlinkSync(BIN, join(dir, 'healthctl'));
  return {
    env: { PATH: `${dir}:${process.env['PATH'] ?? '/usr/bin:/bin'}`, HOSTNAME: 'app-7d4b9c-x2k1p', KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443', ...extra },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** One exec probe run, as kubelet's exec prober does it. */
export function runExecProbe(probe: ExecProbe, env: NodeJS.ProcessEnv, startedAt = performance.now()): Promise<ProbeRun> {
  const began = performance.now();
  return new Promise((resolve, reject) => {
    const [file = '', ...args] = probe.command;
    const child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let size = 0;
    const take = (chunk: Buffer): void => {
      const room = MAX_OUTPUT - size;
      if (room <= 0) return;
      const kept = chunk.subarray(0, room);
      chunks.push(kept);
      size += kept.length;
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, probe.timeoutSeconds * 1000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const output = Buffer.concat(chunks).toString('utf8');
      const failed = timedOut || code !== 0;
      const reason = timedOut ? `command ${JSON.stringify(probe.command.join(' '))} timed out` : output;
      resolve({
        kind: probe.kind,
        at: began - startedAt,
        ms: performance.now() - began,
        exitCode: timedOut ? null : code,
        timedOut,
        output,
        event: failed ? `${EVENT_PREFIX[probe.kind]} probe failed: ${reason}` : null,
      });
    });
  });
}

export interface KubeletRecord {
  runs: ProbeRun[];
  /** Transitions kubelet would act on, in order: started, ready, not-ready, restart (with the probe that caused it). */
  transitions: Array<{ at: number; what: 'started' | 'ready' | 'not-ready' | 'restart'; by: ProbeKindName }>;
}

/**
 * Runs the probes of one container for `durationMs` as kubelet's workers do: startup first
 * (liveness and readiness off until it succeeds), then readiness and liveness on their own
 * periods. `timeScale` shrinks periods only (not timeoutSeconds) so a test takes seconds.
 * Stops at the first restart, as the container would be killed.
 */
export async function runKubelet(probes: readonly ExecProbe[], env: NodeJS.ProcessEnv, options: { durationMs: number; timeScale: number }): Promise<KubeletRecord> {
  const startedAt = performance.now();
  const record: KubeletRecord = { runs: [], transitions: [] };
  const find = (kind: ProbeKindName): ExecProbe | undefined => probes.find((p) => p.kind === kind);
  const now = (): number => performance.now() - startedAt;
  const over = (): boolean => now() >= options.durationMs || record.transitions.some((t) => t.what === 'restart');
  const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

  const worker = async (probe: ExecProbe, onResult: (ok: boolean, streak: number) => void): Promise<void> => {
    let failures = 0;
    while (!over()) {
      const run = await runExecProbe(probe, env, startedAt);
      record.runs.push(run);
      failures = run.event === null ? 0 : failures + 1;
      onResult(run.event === null, failures);
      if (probe.kind === 'startup' && run.event === null) return;
      await sleep(probe.periodSeconds * 1000 * options.timeScale);
    }
  };

  const startup = find('startup');
  if (startup !== undefined) {
    let started = false;
    await worker(startup, (ok, streak) => {
      if (ok) started = true;
      if (ok) record.transitions.push({ at: now(), what: 'started', by: 'startup' });
      else if (streak >= startup.failureThreshold) record.transitions.push({ at: now(), what: 'restart', by: 'startup' });
    });
    if (!started) return record;
  }
  let ready = false;
  const readiness = find('readiness');
  const liveness = find('liveness');
  await Promise.all([
    readiness === undefined
      ? Promise.resolve()
      : worker(readiness, (ok, streak) => {
          if (ok && !ready) record.transitions.push({ at: now(), what: 'ready', by: 'readiness' });
          if (!ok && ready && streak >= readiness.failureThreshold) record.transitions.push({ at: now(), what: 'not-ready', by: 'readiness' });
          if (ok) ready = true;
          else if (streak >= readiness.failureThreshold) ready = false;
        }),
    liveness === undefined
      ? Promise.resolve()
      : worker(liveness, (ok, streak) => {
          if (!ok && streak >= liveness.failureThreshold) record.transitions.push({ at: now(), what: 'restart', by: 'liveness' });
        }),
  ]);
  return record;
}
