import { usageError } from '../errors.js';
import { compilePattern, type NamePattern } from '../model/patterns.js';
import { FORMAT_NAMES, PROBE_KINDS, type FormatName, type ProbeKind } from '../model/types.js';
import { detectRuntime, type RuntimeChoice } from '../runtimes/detect.js';
import { DEFAULT_DEADLINE_MS, RUNTIME_NAMES, type RuntimeName } from '../runtimes/exit-codes.js';
import { redactUrl } from '../transport/format-address.js';
import type { TlsOptions } from '../transport/types.js';
import { parseDuration } from './duration.js';
import { envBoolean, envList, envString } from './env.js';
import { DEFAULT_TARGET, healthAddrUrl, parseTarget, redactTargetText, type Target } from './target.js';
import { checkUnixSocketPath } from './unix-socket.js';

/** Flags as commander hands them over: undefined where the command line did not set them. */
export interface CheckFlags {
  probe?: string;
  runtime?: string;
  format?: string;
  exclude?: string[];
  only?: string[];
  critical?: string[];
  degraded?: string;
  timeout?: string;
  header?: string[];
  method?: string;
  insecure?: boolean;
  cacert?: string;
  cert?: string;
  key?: string;
  servername?: string;
  unixSocket?: string;
  service?: string[];
  output?: string;
  healthAddr?: string;
  verbose?: boolean;
}

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
}

function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  const found = allowed.find((a) => a === value);
  if (found === undefined) throw usageError(`${flag}: '${value}' is not one of ${allowed.join(', ')}`);
  return found;
}

function parseHeader(text: string): readonly [string, string] {
  const colon = text.indexOf(':');
  const name = colon > 0 ? text.slice(0, colon).trim() : '';
  // Never echo the value: it is usually a secret.
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw usageError(`--header: expected 'Name: value' (header name '${name.slice(0, 40)}' is not valid)`);
  const value = text.slice(colon + 1).trim();
  if (/[\r\n]/.test(value)) throw usageError(`--header ${name}: the value must be one line`);
  return [name, value];
}

function patterns(list: string[] | undefined, flag: string): NamePattern[] {
  return (list ?? []).map((p) => {
    if (p.trim() === '') throw usageError(`${flag}: empty pattern`);
    return compilePattern(p.trim());
  });
}

/** The runtime and how it was chosen, as early as possible: usage errors need it for their exit code too. */
export function chooseRuntime(flag: string | undefined, env: NodeJS.ProcessEnv, stdoutIsTTY: boolean): RuntimeChoice {
  const name = flag ?? envString(env, 'runtime') ?? 'auto';
  if (name === 'auto') return detectRuntime({ env, stdoutIsTTY });
  const source = flag === undefined ? 'HEALTHCTL_RUNTIME' : '--runtime';
  return { runtime: oneOf(name, RUNTIME_NAMES, source), source, reason: null };
}

/** `--service` adds to the service in a grpc:// target's path; on any other target it is a mistake. */
function withServices(target: Target, services: string[] | undefined): Target {
  if (services === undefined) return target;
  if (target.kind !== 'grpc') throw usageError('--service needs a grpc:// or grpcs:// target');
  return { ...target, services: [...new Set([...target.services, ...services])] };
}

function redactedTarget(target: Target): string {
  if (target.kind === 'tcp') return `tcp://${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
  if (target.kind === 'grpc') {
    const only = target.services.length === 1 ? (target.services[0] ?? '') : '';
    const service = only === '' ? '' : `/${encodeURIComponent(only)}`;
    const port = target.port === null ? '' : `:${target.port}`;
    return `${target.tls ? 'grpcs' : 'grpc'}://${target.host.includes(':') ? `[${target.host}]` : target.host}${port}${service}`;
  }
  return redactUrl(target.url);
}

/** Plaintext gRPC has no default port over TCP; over a Unix socket the URL's host and port are only its :authority. */
function checkGrpcPlace(target: Extract<Target, { kind: 'grpc' }>, unixSocket: string | null): void {
  if (unixSocket !== null) checkUnixSocketPath(unixSocket);
  else if (target.port === null && !target.tls) {
    throw usageError(`target '${redactedTarget(target)}': grpc:// needs a port (grpc://host:port[/service]), or --unix-socket PATH`);
  }
}

/**
 * Flags, then HEALTHCTL_* variables, then defaults; every value is checked before any network call.
 * `stdoutIsTTY`: a terminal on stdout makes `--runtime auto` plain.
 */
export function resolveCheckOptions(targetArg: string | undefined, flags: CheckFlags, env: NodeJS.ProcessEnv, stdoutIsTTY = false): CheckOptions {
  const str = (key: keyof CheckFlags & string): string | undefined => {
    const value = flags[key];
    return typeof value === 'string' ? value : envString(env, key);
  };
  const list = (key: 'exclude' | 'only' | 'critical' | 'header' | 'service'): string[] | undefined => flags[key] ?? envList(env, key);
  const bool = (key: 'insecure' | 'verbose'): boolean => flags[key] ?? envBoolean(env, key) ?? false;

  const { runtime } = chooseRuntime(flags.runtime, env, stdoutIsTTY);
  const healthAddr = str('healthAddr');
  const targetText = targetArg ?? envString(env, 'target');
  if (healthAddr !== undefined && targetArg !== undefined) throw usageError(`-a/--health-addr and a TARGET argument ('${redactTargetText(targetArg)}') cannot be used together`);
  const parsed: Target =
    healthAddr !== undefined ? { kind: 'http', url: healthAddrUrl(healthAddr, '--health-addr') } : parseTarget(targetText ?? DEFAULT_TARGET);
  const target = withServices(parsed, list('service'));

  const format = oneOf(str('format') ?? 'auto', ['auto', ...FORMAT_NAMES.filter((f) => f !== 'grpc')] as const, '--format');
  if (healthAddr !== undefined && format !== 'auto' && format !== 'pomerium') throw usageError(`--format ${format} cannot be used with -a/--health-addr (it reads Pomerium's /status)`);
  const timeout = str('timeout');
  const cert = str('cert') ?? null;
  const key = str('key') ?? null;
  // --cert alone may hold the key too, as with curl; a key without a certificate is a mistake.
  if (key !== null && cert === null) throw usageError('--key needs --cert');
  const unixSocket = str('unixSocket') ?? null;
  if (unixSocket !== null && target.kind === 'tcp') throw usageError('--unix-socket needs an http(s):// or grpc(s):// target');
  if (target.kind === 'grpc') checkGrpcPlace(target, unixSocket);
  const tlsFlags = ['cacert', 'servername'] as const;
  const tlsTarget = target.kind === 'http' ? target.url.protocol === 'https:' : target.kind === 'grpc' && target.tls;
  for (const f of tlsFlags) {
    if (str(f) !== undefined && !tlsTarget) throw usageError(`--${f} needs an https:// or grpcs:// target`);
  }
  if (target.kind === 'grpc' && format !== 'auto') throw usageError(`--format ${format} does not apply to a gRPC target (grpc.health.v1 is its format)`);

  return {
    target,
    targetDisplay: redactedTarget(target),
    probe: oneOf(str('probe') ?? 'readiness', PROBE_KINDS, '--probe'),
    runtime,
    format: healthAddr !== undefined ? 'pomerium' : format,
    only: patterns(list('only'), '--only'),
    exclude: patterns(list('exclude'), '--exclude'),
    critical: patterns(list('critical'), '--critical'),
    degraded: oneOf(str('degraded') ?? 'pass', ['pass', 'fail'] as const, '--degraded'),
    timeoutMs: timeout === undefined ? DEFAULT_DEADLINE_MS[runtime] : parseDuration(timeout, '--timeout'),
    headers: (list('header') ?? []).map(parseHeader),
    method: oneOf((str('method') ?? 'GET').toUpperCase(), ['GET', 'HEAD'] as const, '--method'),
    tls: { insecure: bool('insecure'), cacert: str('cacert') ?? null, cert, key, servername: str('servername') ?? null },
    unixSocket,
    output: oneOf(str('output') ?? 'text', ['text', 'json'] as const, '--output'),
    verbose: bool('verbose'),
    pomeriumCompat: healthAddr !== undefined,
  };
}
