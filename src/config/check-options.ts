import { bracketHost } from '../base/addresses.js';
import { parseDuration } from '../base/durations.js';
import { HealthctlError, oneOf, usageError } from '../base/errors.js';
import { redactTargetText, redactUrl } from '../base/redact.js';
import { compilePattern, type NamePattern } from '../model/patterns.js';
import { FORMAT_NAMES, type FormatName, type ProbeKind } from '../model/types.js';
import { detectRuntime, type RuntimeChoice } from '../runtimes/detect.js';
import { RUNTIME_NAMES, RUNTIMES, type RuntimeName } from '../runtimes/facts.js';
import type { TlsOptions } from '../transport/types.js';
import { envName, envString, parseBoolean, splitList, type Setting } from './env.js';
import { CHECK_FLAGS, HTTP_METHODS, mergeAliases, readFlag, type CheckFlags } from './flags.js';
import { parseHeaders } from './headers.js';
import { DEFAULT_TARGET, healthAddrUrl, parseTarget, type Target } from './target.js';
import { checkUnixSocketPath } from './unix-socket.js';

export interface CheckOptions {
  target: Target;
  /** The target as shown to people: user-info and secret query values redacted. */
  targetDisplay: string;
  probe: ProbeKind;
  runtime: RuntimeName;
  format: FormatName | 'auto';
  only: NamePattern[];
  exclude: NamePattern[];
  critical: NamePattern[];
  degraded: 'pass' | 'fail';
  /** Deadline for one check, counted from process start for probe. */
  timeoutMs: number;
  headers: Array<readonly [string, string]>;
  method: 'GET' | 'HEAD';
  tls: TlsOptions;
  unixSocket: string | null;
  output: 'text' | 'json';
  verbose: boolean;
  /** `-a`: `pomerium health` semantics, exit 0 or 1 whatever the runtime. */
  pomeriumCompat: boolean;
  /** Connect to this IP address instead of resolving the target's host, which stays the Host header and TLS name (--each-address). */
  connectTo?: string;
}

function patterns(list: Setting<readonly string[]> | undefined): NamePattern[] {
  if (list === undefined) return [];
  return list.value.map((p) => {
    if (p.trim() === '') throw usageError(`${list.from}: empty pattern`);
    return compilePattern(p.trim());
  });
}

/** The runtime and how it was chosen, as early as possible: usage errors need it for their exit code too. */
export function chooseRuntime(flag: string | undefined, env: NodeJS.ProcessEnv, stdoutIsTTY: boolean): RuntimeChoice {
  const given = readFlag(CHECK_FLAGS, 'runtime', flag, env, String);
  if (given === undefined || given.value === 'auto') return detectRuntime({ env, stdoutIsTTY });
  const source = given.from === '--runtime' ? '--runtime' : 'HEALTHCTL_RUNTIME';
  return { runtime: oneOf(given.value, RUNTIME_NAMES, source), source, reason: null };
}

/** `--service` adds to the service in a grpc:// target's path; on any other target it is a mistake. */
function withServices(target: Target, services: Setting<readonly string[]> | undefined): Target {
  if (services === undefined) return target;
  if (target.kind !== 'grpc') throw usageError(`${services.from} needs a grpc:// or grpcs:// target`);
  return { ...target, services: [...new Set([...target.services, ...services.value])] };
}

/** The TARGET argument, else HEALTHCTL_TARGET (whose errors name it), else the default. */
function readTarget(targetArg: string | undefined, env: NodeJS.ProcessEnv): Target {
  if (targetArg !== undefined) return parseTarget(targetArg);
  const fromEnv = envString(env, 'target');
  if (fromEnv === undefined) return parseTarget(DEFAULT_TARGET);
  try {
    return parseTarget(fromEnv);
  } catch (error: unknown) {
    if (error instanceof HealthctlError) throw usageError(`${envName('target')}: ${error.message}`);
    throw error;
  }
}

/** HEAD brings no body: only a verdict by status alone (`--format http-status`) can judge it. */
function checkMethod(method: Setting<string> | undefined, format: FormatName | 'auto', target: Target): 'GET' | 'HEAD' {
  if (method === undefined) return 'GET';
  const chosen = oneOf(method.value.toUpperCase(), HTTP_METHODS, method.from);
  if (chosen === 'HEAD' && target.kind === 'http' && format !== 'http-status') {
    throw usageError(`${method.from} HEAD reads no body, so only --format http-status can judge the answer: add --format http-status, or use GET`);
  }
  return chosen;
}

function redactedTarget(target: Target): string {
  if (target.kind === 'tcp') return `tcp://${bracketHost(target.host)}:${target.port}`;
  if (target.kind === 'grpc') {
    const only = target.services.length === 1 ? (target.services[0] ?? '') : '';
    const service = only === '' ? '' : `/${encodeURIComponent(only)}`;
    const port = target.port === null ? '' : `:${target.port}`;
    return `${target.tls ? 'grpcs' : 'grpc'}://${bracketHost(target.host)}${port}${service}`;
  }
  return redactUrl(target.url);
}

/** Plaintext gRPC has no default port over TCP; over a Unix socket the URL's host and port are only its :authority. */
function checkGrpcPlace(target: Extract<Target, { kind: 'grpc' }>, overUnixSocket: boolean): void {
  if (!overUnixSocket && target.port === null && !target.tls) {
    throw usageError(`target '${redactedTarget(target)}': grpc:// needs a port (grpc://host:port[/service]), or --unix-socket PATH`);
  }
}

/**
 * Flags, then HEALTHCTL_* variables, then defaults; every value is checked before any network call,
 * and an error names the flag or the variable it came from. `stdoutIsTTY`: a terminal on stdout
 * makes `--runtime auto` plain.
 */
export function resolveCheckOptions(targetArg: string | undefined, given: CheckFlags, env: NodeJS.ProcessEnv, stdoutIsTTY = false): CheckOptions {
  const flags = mergeAliases(given);
  // The flags whose value is a V: str() reads the one-value flags, list() the repeatable ones, bool() the switches.
  type Key<V> = { [K in keyof typeof flags]-?: V extends (typeof flags)[K] ? K : never }[keyof typeof flags];
  const str = (key: Key<string>): Setting<string> | undefined => readFlag(CHECK_FLAGS, key, flags[key], env, String);
  const list = (key: Key<string[]>): Setting<readonly string[]> | undefined => readFlag(CHECK_FLAGS, key, flags[key], env, splitList);
  const bool = (key: Key<boolean>): boolean => readFlag(CHECK_FLAGS, key, flags[key], env, parseBoolean)?.value ?? false;
  const choice = <K extends 'probe' | 'degraded' | 'output'>(key: K, fallback: (typeof CHECK_FLAGS)[K]['choices'][number]): (typeof CHECK_FLAGS)[K]['choices'][number] => {
    const setting = str(key);
    return setting === undefined ? fallback : oneOf(setting.value, CHECK_FLAGS[key].choices, setting.from);
  };

  const { runtime } = chooseRuntime(flags.runtime, env, stdoutIsTTY);
  const healthAddr = str('healthAddr');
  if (healthAddr !== undefined && targetArg !== undefined) throw usageError(`${healthAddr.from === '--health-addr' ? '-a/--health-addr' : healthAddr.from} and a TARGET argument ('${redactTargetText(targetArg)}') cannot be used together`);
  const parsed: Target = healthAddr !== undefined ? { kind: 'http', url: healthAddrUrl(healthAddr.value, healthAddr.from) } : readTarget(targetArg, env);
  const target = withServices(parsed, list('service'));

  const formatSetting = str('format');
  const format = formatSetting === undefined ? 'auto' : oneOf(formatSetting.value, ['auto', ...FORMAT_NAMES.filter((f) => f !== 'grpc')] as const, formatSetting.from);
  if (healthAddr !== undefined && format !== 'auto' && format !== 'pomerium') throw usageError(`--format ${format} cannot be used with -a/--health-addr (it reads Pomerium's /status)`);
  const timeout = str('timeout');
  const cert = str('cert');
  const key = str('key');
  // --cert alone may hold the key too, as with curl; a key without a certificate is a mistake.
  if (key !== undefined && cert === undefined) throw usageError(`${key.from} needs --cert`);
  const unixSocket = str('unixSocket');
  if (unixSocket !== undefined) {
    if (target.kind === 'tcp') throw usageError(`${unixSocket.from} needs an http(s):// or grpc(s):// target`);
    checkUnixSocketPath(unixSocket.value, unixSocket.from);
  }
  if (target.kind === 'grpc') checkGrpcPlace(target, unixSocket !== undefined);
  const tlsTarget = target.kind === 'http' ? target.url.protocol === 'https:' : target.kind === 'grpc' && target.tls;
  for (const setting of [str('cacert'), cert, key, str('servername')]) {
    if (setting !== undefined && !tlsTarget) throw usageError(`${setting.from} needs an https:// or grpcs:// target`);
  }
  if (target.kind === 'grpc' && format !== 'auto') throw usageError(`--format ${format} does not apply to a gRPC target (grpc.health.v1 is its format)`);

  return {
    target,
    targetDisplay: redactedTarget(target),
    probe: choice('probe', 'readiness'),
    runtime,
    format: healthAddr !== undefined ? 'pomerium' : format,
    only: patterns(list('only')),
    exclude: patterns(list('exclude')),
    critical: patterns(list('critical')),
    degraded: choice('degraded', 'pass'),
    timeoutMs: timeout === undefined ? RUNTIMES[runtime].deadlineMs : parseDuration(timeout.value, timeout.from),
    headers: parseHeaders(list('header')),
    method: checkMethod(str('method'), healthAddr === undefined ? format : 'pomerium', target),
    tls: { insecure: bool('insecure'), cacert: str('cacert')?.value ?? null, cert: cert?.value ?? null, key: key?.value ?? null, servername: str('servername')?.value ?? null },
    unixSocket: unixSocket?.value ?? null,
    output: choice('output', 'text'),
    verbose: bool('verbose'),
    pomeriumCompat: healthAddr !== undefined,
  };
}
