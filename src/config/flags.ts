import { PROBE_KINDS } from '../model/types.js';
import { RUNTIME_NAMES } from '../runtimes/facts.js';
import { envName, flagName, type Setting } from './env.js';

/**
 * One flag of one command: how it is written, what it takes, what help says, and the variable
 * that can set it. The flag is `--` and its key in kebab case (`unixSocket` → `--unix-socket`);
 * commander's options and the probe's fast parser are both built from these tables.
 */
export interface FlagSpec {
  /** `value` takes one, `list` takes one each time (repeatable), `optional` may take one, `bool` none, `negated` is `--no-KEY`. */
  kind: 'value' | 'list' | 'optional' | 'bool' | 'negated';
  short?: `-${string}`;
  /** The value's name in help: `--probe <kind>`. */
  arg?: string;
  /** The only values the parser takes: commander and the fast path refuse any other, and options check the variable's against them. */
  choices?: readonly string[];
  help: string;
  /** The variable is HEALTHCTL_ + this option name (default: the key) in capitals; false: no variable sets it. */
  env?: string | false;
  /** Another flag's alias: it sets that flag when that one is not given, and has no variable of its own. */
  aliasOf?: string;
}

export type FlagTable = Readonly<Record<string, FlagSpec>>;

/** What a command's action receives for a table: the flags given, each as its kind parses it. */
export type FlagValues<T extends FlagTable> = {
  -readonly [K in keyof T]?: T[K]['kind'] extends 'list' ? string[] : T[K]['kind'] extends 'bool' | 'negated' ? boolean : T[K]['kind'] extends 'optional' ? string | boolean : string;
};

/** What a TARGET argument may be, for every command's help. */
export const TARGET_HELP = 'http(s) URL, HOST:PORT, tcp://HOST:PORT or grpc(s)://HOST:PORT[/service] (default: $HEALTHCTL_TARGET, else http://127.0.0.1:28080/status)';

export const RUNTIME_CHOICES = ['auto', ...RUNTIME_NAMES] as const;
export const HTTP_METHODS = ['GET', 'HEAD'] as const;

/** The options shared by probe, wait, diagnose and run; no defaults here, so HEALTHCTL_* can fill the gaps. */
export const CHECK_FLAGS = {
  probe: { kind: 'value', arg: 'kind', choices: PROBE_KINDS, help: 'startup, liveness or readiness (default: readiness)' },
  for: { kind: 'value', arg: 'kind', choices: PROBE_KINDS, help: 'alias of --probe', aliasOf: 'probe', env: false },
  runtime: { kind: 'value', arg: 'name', choices: RUNTIME_CHOICES, help: 'who reads the result (default: auto: plain when stdout is a terminal, else the runtime detected)' },
  format: { kind: 'value', arg: 'name', help: 'health format of the body (default: auto)' },
  exclude: { kind: 'list', short: '-e', arg: 'pattern', help: 'leave out a component (name or glob, repeatable)' },
  only: { kind: 'list', arg: 'pattern', help: 'evaluate only matching components (repeatable)' },
  critical: { kind: 'list', arg: 'pattern', help: 'components whose failure also fails liveness (repeatable)' },
  degraded: { kind: 'value', arg: 'how', choices: ['pass', 'fail'], help: 'how a degraded component counts (default: pass, as warn)' },
  timeout: { kind: 'value', arg: 'duration', help: 'deadline for one check, e.g. 800ms, 5s; a bare number is seconds (default: per runtime)' },
  header: { kind: 'list', short: '-H', arg: 'header', help: "request header 'Name: value' (repeatable; never printed)" },
  method: {
    kind: 'value',
    arg: 'method',
    // Either case on the command line; options read it in capitals.
    choices: [...HTTP_METHODS, ...HTTP_METHODS.map((m) => m.toLowerCase())],
    help: 'HTTP method: GET, or HEAD with --format http-status, since a HEAD answer has no body to read (default: GET)',
  },
  insecure: { kind: 'bool', help: 'do not verify the TLS certificate' },
  cacert: { kind: 'value', arg: 'file', help: 'trust this CA certificate (PEM)' },
  cert: { kind: 'value', arg: 'file', help: 'client certificate (PEM), with --key' },
  key: { kind: 'value', arg: 'file', help: 'client key (PEM), with --cert' },
  servername: { kind: 'value', arg: 'name', help: 'TLS server name to send and verify' },
  unixSocket: { kind: 'value', arg: 'path', help: 'connect to this Unix socket instead (http(s):// or grpc(s):// URL; its host is then only the name sent)' },
  service: { kind: 'list', arg: 'name', help: "gRPC service to check, '' for the whole server (repeatable; grpc:// targets)" },
  output: { kind: 'value', short: '-o', arg: 'format', choices: ['text', 'json'], help: 'text or json (default: text)' },
  healthAddr: { kind: 'value', short: '-a', arg: 'host:port', help: "Pomerium-compatible target: HOST:PORT's /status, `pomerium health` verdict" },
  verbose: { kind: 'bool', short: '-v', help: 'more detail; with -a, the raw /status body on stderr' },
} as const satisfies FlagTable;

/** The fleet's flags, shared by probe, wait and diagnose. */
export const FLEET_FLAGS = {
  targetsFrom: { kind: 'value', arg: 'file', help: 'more targets, one per line (# comments, blank lines skipped), after the TARGET arguments; - reads standard input' },
  eachAddress: { kind: 'bool', help: "check every address (A and AAAA) each target's host name resolves to, with the name as Host header and TLS name" },
  require: { kind: 'value', arg: 'how', help: 'how many targets must pass: all, any, N (a bare number is a count of targets) or N% of them, rounded up (default: all)' },
  concurrency: { kind: 'value', arg: 'n', help: 'at most N checks in flight at once (default: 16)' },
} as const satisfies FlagTable;

export type CheckFlags = FlagValues<typeof CHECK_FLAGS>;
export type FleetFlags = FlagValues<typeof FLEET_FLAGS>;

/** The keys of `table`, typed as its keys. */
export function flagKeys<T extends FlagTable>(table: T): Array<keyof T & string> {
  return Object.keys(table).filter((key): key is keyof T & string => Object.hasOwn(table, key));
}

/** `--unix-socket`, or `-e, --exclude`: how help and errors name the flag. */
export function flagNames(key: string, spec: FlagSpec): string {
  const long = spec.kind === 'negated' ? flagName(`no-${key}`) : flagName(key);
  return spec.short === undefined ? long : `${spec.short}, ${long}`;
}

/** The variable that sets the flag (`HEALTHCTL_UNIX_SOCKET`), or null when none does. */
export function flagVariable(key: string, spec: FlagSpec): string | null {
  if (spec.env === false || spec.aliasOf !== undefined) return null;
  return envName(spec.env ?? key);
}

/** Whether any variable of `table` is set (and not empty). */
export function variablesSet(table: FlagTable, env: NodeJS.ProcessEnv): boolean {
  return Object.entries(table).some(([key, spec]) => {
    const name = flagVariable(key, spec);
    return name !== null && (env[name] ?? '') !== '';
  });
}

/**
 * A flag of `table`: its value when given, else its variable's (`parse` reads the variable's
 * text), with what the user wrote to set it, for the error that names it; undefined when neither is set.
 */
export function readFlag<T extends FlagTable, V>(table: T, key: keyof T & string, given: V | undefined, env: NodeJS.ProcessEnv, parse: (text: string, variable: string) => V): Setting<V> | undefined {
  if (given !== undefined) return { value: given, from: flagName(key) };
  const spec = table[key];
  const variable = spec === undefined ? null : flagVariable(key, spec);
  const text = variable === null ? undefined : env[variable];
  if (variable === null || text === undefined || text === '') return undefined;
  return { value: parse(text, variable), from: variable };
}

/** The flags with `--for` under the flag it stands for (CHECK_FLAGS.for.aliasOf), unless that one is given: the one place the alias is merged. */
export function mergeAliases<F extends CheckFlags>(flags: F): Omit<F, 'for'> {
  const { for: alias, ...rest } = flags;
  const target = CHECK_FLAGS.for.aliasOf;
  return alias === undefined || rest[target] !== undefined ? rest : { ...rest, [target]: alias };
}
