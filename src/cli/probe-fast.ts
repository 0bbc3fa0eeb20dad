import { probeCommand } from '../commands/probe.js';
import type { CheckFlags } from '../config/check-options.js';
import type { Io } from '../base/io.js';

/** The probe command's flags as commander hands them to its action (`--for` is the alias of `--probe`). */
export type ProbeFlags = CheckFlags & { for?: string };

/** Fleet options in the environment turn even `healthctl probe` alone into a fleet: the full CLI takes those runs. */
export function fleetOptionsInEnv(env: NodeJS.ProcessEnv): boolean {
  return ['HEALTHCTL_TARGETS_FROM', 'HEALTHCTL_EACH_ADDRESS', 'HEALTHCTL_REQUIRE', 'HEALTHCTL_CONCURRENCY'].some((name) => (env[name] ?? '') !== '');
}

/** Runs `healthctl probe` with flags parsed by either parser. */
export async function runProbe(target: string | undefined, flags: ProbeFlags, io: Io): Promise<number> {
  const { for: alias, ...rest } = flags;
  return probeCommand(target, { ...rest, ...(rest.probe === undefined && alias !== undefined ? { probe: alias } : {}) }, io);
}

type ValueKey = 'probe' | 'for' | 'runtime' | 'format' | 'degraded' | 'timeout' | 'method' | 'cacert' | 'cert' | 'key' | 'servername' | 'unixSocket' | 'output' | 'healthAddr';
type ListKey = 'exclude' | 'only' | 'critical' | 'header' | 'service';
type BoolKey = 'insecure' | 'verbose';

type Spec = { kind: 'value'; key: ValueKey; choices?: readonly string[] } | { kind: 'list'; key: ListKey } | { kind: 'bool'; key: BoolKey };

const PROBE_KINDS = ['startup', 'liveness', 'readiness'];

/** Mirrors addCheckFlags() in check-flags.ts; test/unit/probe-path.test.ts proves both parse alike. */
const LONG: ReadonlyMap<string, Spec> = new Map<string, Spec>([
  ['--probe', { kind: 'value', key: 'probe', choices: PROBE_KINDS }],
  ['--for', { kind: 'value', key: 'for', choices: PROBE_KINDS }],
  ['--runtime', { kind: 'value', key: 'runtime', choices: ['auto', 'kubernetes', 'docker', 'ecs', 'systemd', 'nagios', 'plain'] }],
  ['--format', { kind: 'value', key: 'format' }],
  ['--exclude', { kind: 'list', key: 'exclude' }],
  ['--only', { kind: 'list', key: 'only' }],
  ['--critical', { kind: 'list', key: 'critical' }],
  ['--degraded', { kind: 'value', key: 'degraded', choices: ['pass', 'fail'] }],
  ['--timeout', { kind: 'value', key: 'timeout' }],
  ['--header', { kind: 'list', key: 'header' }],
  ['--method', { kind: 'value', key: 'method', choices: ['GET', 'HEAD', 'get', 'head'] }],
  ['--insecure', { kind: 'bool', key: 'insecure' }],
  ['--cacert', { kind: 'value', key: 'cacert' }],
  ['--cert', { kind: 'value', key: 'cert' }],
  ['--key', { kind: 'value', key: 'key' }],
  ['--servername', { kind: 'value', key: 'servername' }],
  ['--unix-socket', { kind: 'value', key: 'unixSocket' }],
  ['--service', { kind: 'list', key: 'service' }],
  ['--output', { kind: 'value', key: 'output', choices: ['text', 'json'] }],
  ['--health-addr', { kind: 'value', key: 'healthAddr' }],
  ['--verbose', { kind: 'bool', key: 'verbose' }],
]);

const SHORT: ReadonlyMap<string, string> = new Map([
  ['-e', '--exclude'],
  ['-H', '--header'],
  ['-o', '--output'],
  ['-a', '--health-addr'],
  ['-v', '--verbose'],
]);

/**
 * The arguments after `probe` when they are in the plain shapes every probe configuration uses
 * (`--name value`, `--name=value`, `-x value`, `-v`, one target); null for anything else — help,
 * `--`, bundled short flags, unknown or invalid options, a value that looks like an option, a
 * second target (a fleet) — which commander then parses, with its own errors and help. Whatever
 * this accepts, commander parses to the same targets and flags, so the answer is the same: it
 * only skips loading commander.
 */
export function parseProbeArgs(args: readonly string[]): { targets: string[]; flags: ProbeFlags } | null {
  const flags: ProbeFlags = {};
  let target: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const token = args[i];
    if (token === undefined || token === '') return null;
    if (!token.startsWith('-')) {
      if (target !== undefined) return null;
      target = token;
      continue;
    }
    const eq = token.startsWith('--') ? token.indexOf('=') : -1;
    const name = eq < 0 ? (SHORT.get(token) ?? token) : token.slice(0, eq);
    const spec = LONG.get(name);
    if (spec === undefined) return null;
    if (spec.kind === 'bool') {
      if (eq >= 0) return null;
      flags[spec.key] = true;
      continue;
    }
    let value: string | undefined;
    if (eq >= 0) value = token.slice(eq + 1);
    else {
      value = args[i + 1];
      i++;
    }
    if (value === undefined || value === '' || value.startsWith('-')) return null;
    if (spec.kind === 'list') {
      flags[spec.key] = [...(flags[spec.key] ?? []), value];
      continue;
    }
    if (spec.choices !== undefined && !spec.choices.includes(value)) return null;
    flags[spec.key] = value;
  }
  return { targets: target === undefined ? [] : [target], flags };
}
