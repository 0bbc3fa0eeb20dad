import { PROBE_KINDS } from '../model/types.js';
import { CHECK_FLAGS, FLEET_FLAGS, RUNTIME_CHOICES, TARGET_HELP, type FlagTable, type FlagValues } from './flags.js';

// The other commands' tables, apart from the probe's: a probe loads none of them.

export const PROBE_FLAGS = { ...CHECK_FLAGS, ...FLEET_FLAGS } as const satisfies FlagTable;

/** wait's own: its --timeout bounds the whole wait, and reads HEALTHCTL_WAIT_TIMEOUT (HEALTHCTL_TIMEOUT stays one check's). */
export const WAIT_FLAGS = {
  ...CHECK_FLAGS,
  timeout: { kind: 'value', arg: 'duration', env: 'waitTimeout', help: 'the whole wait, e.g. 90s, 2m; a bare number is seconds (default: 60s, or HEALTHCTL_WAIT_TIMEOUT)' },
  ...FLEET_FLAGS,
  requestTimeout: { kind: 'value', arg: 'duration', help: "deadline of one attempt; a bare number is seconds (default: the runtime's one-check deadline)" },
  interval: { kind: 'value', arg: 'duration', help: 'longest pause between attempts, the first come fast; a bare number is seconds (default: 1s)' },
} as const satisfies FlagTable;

export const RUN_FLAGS = {
  ...CHECK_FLAGS,
  target: { kind: 'value', arg: 'target', help: `what to check: ${TARGET_HELP}` },
  interval: { kind: 'value', arg: 'duration', help: 'longest pause between checks, fast while the state changes; a bare number is seconds (default: 1s)' },
  extendTimeout: { kind: 'value', arg: 'duration', help: 'while startup makes progress, each step gives systemd this much more time; a bare number is seconds (default: 30s)' },
} as const satisfies FlagTable;

export const DIAGNOSE_FLAGS = {
  ...CHECK_FLAGS,
  ...FLEET_FLAGS,
  watch: {
    kind: 'optional',
    arg: 'interval',
    env: false,
    help: 'check again every INTERVAL (default 1s, at least 100ms; a bare number is seconds) and show what changes; Ctrl-C ends with a summary',
  },
} as const satisfies FlagTable;

/** init reads no variable: it prints configuration, whatever this shell has set. */
export const INIT_FLAGS = {
  probe: { kind: 'value', arg: 'kind', choices: PROBE_KINDS, env: false, help: 'only this probe (kubernetes), or the probe to run (others)' },
  bin: { kind: 'value', arg: 'path', env: false, help: 'how the runtime finds healthctl, e.g. /healthctl in a distroless image (default: healthctl)' },
} as const satisfies FlagTable;

/** demo checks its own sample service: of the variables only HEALTHCTL_PROBE and HEALTHCTL_RUNTIME apply. */
export const DEMO_FLAGS = {
  serve: { kind: 'bool', env: false, help: 'only run the sample service (until Ctrl-C/SIGTERM) and print commands to try against it' },
  port: { kind: 'value', arg: 'n', env: false, help: 'port to listen on; 0 picks a free one (default: a free one, 28080 with --serve)' },
  host: { kind: 'value', arg: 'address', env: false, help: 'address to listen on (default: 127.0.0.1)' },
  readyAfter: { kind: 'value', arg: 'duration', env: false, help: 'when the last required component turns running; a bare number is seconds (default: 5s)' },
  flap: { kind: 'negated', env: false, help: 'keep storage.backend healthy after startup (by default it fails for 2s every 15s)' },
  probe: { kind: 'value', arg: 'kind', choices: PROBE_KINDS, help: 'the probe diagnose follows (default: readiness)' },
  runtime: { kind: 'value', arg: 'name', choices: RUNTIME_CHOICES, help: 'the runtime diagnose translates for first (default: auto)' },
} as const satisfies FlagTable;

export const DEMO_SET_FLAGS = {
  error: { kind: 'value', arg: 'text', env: false, help: 'the error the component reports (omit to clear it; not with auto)' },
  port: { kind: 'value', arg: 'n', env: false, help: "the demo service's port (default: 28080)" },
  host: { kind: 'value', arg: 'address', env: false, help: "the demo service's address (default: 127.0.0.1)" },
} as const satisfies FlagTable;

export type ProbeFlags = FlagValues<typeof PROBE_FLAGS>;
export type WaitFlags = FlagValues<typeof WAIT_FLAGS>;
export type RunFlags = FlagValues<typeof RUN_FLAGS>;
export type DiagnoseFlags = FlagValues<typeof DIAGNOSE_FLAGS>;
export type InitFlags = FlagValues<typeof INIT_FLAGS>;
export type DemoFlags = FlagValues<typeof DEMO_FLAGS>;
export type DemoSetFlags = FlagValues<typeof DEMO_SET_FLAGS>;
