import { Option, type Command } from 'commander';
import { flagNames, type FlagTable } from '../config/flags.js';

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** commander's options for every flag of `table`, in its order; no defaults here, so HEALTHCTL_* can fill the gaps. */
export function addFlags(command: Command, table: FlagTable): Command {
  for (const [key, spec] of Object.entries(table)) {
    const arg = spec.kind === 'optional' ? ` [${spec.arg ?? 'value'}]` : spec.arg === undefined ? '' : ` <${spec.arg}>`;
    const option = new Option(`${flagNames(key, spec)}${arg}`, spec.help);
    if (spec.choices !== undefined) option.choices(spec.choices);
    if (spec.kind === 'list') option.argParser(collect);
    command.addOption(option);
  }
  return command;
}

/** Where the fleet is explained, for the help of every command that takes several targets. */
export const FLEET_HELP = `
Several TARGETs (or --targets-from, --each-address) make a fleet: one line per target, then
the fleet's summary; the exit code says whether --require held (docs/fleet.md).`;
