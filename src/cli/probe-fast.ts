import { flagName } from '../config/env.js';
import { CHECK_FLAGS, FLEET_FLAGS, flagKeys, variablesSet, type CheckFlags, type FlagSpec } from '../config/flags.js';

/** Fleet options in the environment turn even `healthctl probe` alone into a fleet: the full CLI takes those runs. */
export function fleetOptionsInEnv(env: NodeJS.ProcessEnv): boolean {
  return variablesSet(FLEET_FLAGS, env);
}

type Key = keyof typeof CHECK_FLAGS;
type KeyOf<K extends FlagSpec['kind']> = { [P in Key]: (typeof CHECK_FLAGS)[P]['kind'] extends K ? P : never }[Key];

function takes<K extends FlagSpec['kind']>(key: Key, kind: K): key is KeyOf<K> {
  return CHECK_FLAGS[key].kind === kind;
}

/** Every way a probe flag is written (`--unix-socket`, `-e`), from the same table commander's options are built from. */
const BY_NAME: ReadonlyMap<string, Key> = new Map(
  flagKeys(CHECK_FLAGS).flatMap((key): Array<[string, Key]> => {
      const spec: FlagSpec = CHECK_FLAGS[key];
      return spec.short === undefined ? [[flagName(key), key]] : [[flagName(key), key], [spec.short, key]];
    }),
);

/**
 * The arguments after `probe` when they are in the plain shapes every probe configuration uses
 * (`--name value`, `--name=value`, `-x value`, `-v`, one target); null for anything else — help,
 * `--`, bundled short flags, unknown or invalid options, a value that looks like an option, a
 * second target (a fleet) — which commander then parses, with its own errors and help. Whatever
 * this accepts, commander parses to the same targets and flags, so the answer is the same: it
 * only skips loading commander.
 */
export function parseProbeArgs(args: readonly string[]): { targets: string[]; flags: CheckFlags } | null {
  const flags: CheckFlags = {};
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
    const key = BY_NAME.get(eq < 0 ? token : token.slice(0, eq));
    if (key === undefined) return null;
    if (takes(key, 'bool')) {
      if (eq >= 0) return null;
      flags[key] = true;
      continue;
    }
    let value: string | undefined;
    if (eq >= 0) value = token.slice(eq + 1);
    else {
      value = args[i + 1];
      i++;
    }
    if (value === undefined || value === '' || value.startsWith('-')) return null;
    if (takes(key, 'list')) {
      flags[key] = [...(flags[key] ?? []), value];
      continue;
    }
    const { choices }: FlagSpec = CHECK_FLAGS[key];
    if (!takes(key, 'value') || (choices !== undefined && !choices.includes(value))) return null;
    flags[key] = value;
  }
  return { targets: target === undefined ? [] : [target], flags };
}
