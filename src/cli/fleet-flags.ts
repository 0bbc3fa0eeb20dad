import type { Command } from 'commander';

/** The fleet's flags, shared by probe, wait and diagnose; no defaults here, so HEALTHCTL_* can fill the gaps. */
export function addFleetFlags(command: Command): Command {
  return command
    .option('--targets-from <file>', 'more targets, one per line (# comments, blank lines skipped), after the TARGET arguments; - reads standard input')
    .option('--each-address', "check every address (A and AAAA) each target's host name resolves to, with the name as Host header and TLS name")
    .option('--require <how>', 'how many targets must pass: all, any, N (a bare number is a count of targets) or N% of them, rounded up (default: all)')
    .option('--concurrency <n>', 'at most N checks in flight at once (default: 16)');
}

/** Where the fleet is explained, for every command's help. */
export const FLEET_HELP = `
Several TARGETs (or --targets-from, --each-address) make a fleet: one line per target, then
the fleet's summary; the exit code says whether --require held (docs/fleet.md).`;
