import type { Outcome } from '../model/types.js';

export const RUNTIME_NAMES = ['plain', 'kubernetes', 'docker', 'ecs', 'systemd', 'nagios'] as const;
export type RuntimeName = (typeof RUNTIME_NAMES)[number];

/** What `--runtime auto` looks for; the first runtime (in detect.ts's order) whose sign is there is the one. */
export interface DetectSign {
  /** A terminal on stdout is a person, wherever the process runs. */
  terminal?: true;
  /** Set (and not empty) in the environment the runtime starts a check in. */
  env?: readonly string[];
  /** Files the runtime puts in its containers, each with what diagnose says when it is there. */
  files?: ReadonlyArray<readonly [path: string, seen: string]>;
}

/** How long the runtime lets one check run before it kills it and records no reason. */
export interface OwnTimeout {
  /** The setting, as its configuration spells it. */
  setting: string;
  defaultMs: number;
  /** How the setting writes a duration: a bare number of seconds, or with its unit (`30s`). */
  written: 'seconds' | 'duration';
  /** What `healthctl init` writes, when it writes the setting: above healthctl's deadline, so the runtime keeps its reason. */
  initMs?: number;
}

/** Everything healthctl knows of one runtime. Every module reads it from here; the README shows the same figures. */
export interface RuntimeFacts {
  /** The exit code of each outcome. */
  exitCodes: Readonly<Record<Outcome, number>>;
  /** The exit code when SIGINT or SIGTERM ends healthctl: `signal` is 128 + the signal's number, as a shell reports it. */
  interrupted: number | 'signal';
  /** healthctl's deadline for one check: always shorter than the runtime's own timeout. */
  deadlineMs: number;
  /** Bytes of a check's output the runtime keeps; null where it keeps everything. */
  outputCapBytes: number | null;
  /** null where nothing kills a check (a person waits). */
  ownTimeout: OwnTimeout | null;
  /** null: never detected, only named (`--runtime nagios`). */
  detect: DetectSign | null;
}

const KUBERNETES_DEADLINE_MS = 800;
const STANDARD_CODES = { pass: 0, warn: 0, usage: 1, unreachable: 2, timeout: 3, 'bad-response': 3, fail: 4 } as const;

/** One record per runtime. */
export const RUNTIMES = {
  plain: {
    exitCodes: STANDARD_CODES,
    interrupted: 'signal',
    deadlineMs: 5_000,
    outputCapBytes: null,
    ownTimeout: null,
    detect: { terminal: true },
  },
  kubernetes: {
    exitCodes: STANDARD_CODES,
    interrupted: 'signal',
    deadlineMs: KUBERNETES_DEADLINE_MS,
    outputCapBytes: 10 * 1024,
    // kubelet starts its clock before the container runtime has started the process: init leaves a second more.
    ownTimeout: { setting: 'timeoutSeconds', defaultMs: 1000, written: 'seconds', initMs: (Math.ceil(KUBERNETES_DEADLINE_MS / 1000) + 1) * 1000 },
    detect: { env: ['KUBERNETES_SERVICE_HOST'] },
  },
  docker: {
    // Docker reserves 2: nothing exits 2 here.
    exitCodes: { pass: 0, warn: 0, usage: 1, unreachable: 1, timeout: 1, 'bad-response': 1, fail: 1 },
    interrupted: 'signal',
    deadlineMs: 24_000,
    outputCapBytes: 4096,
    ownTimeout: { setting: 'HEALTHCHECK --timeout', defaultMs: 30_000, written: 'duration', initMs: 30_000 },
    // Podman marks its containers with /run/.containerenv and runs HEALTHCHECK as Docker does.
    detect: {
      files: [
        ['/.dockerenv', '/.dockerenv exists'],
        ['/run/.containerenv', '/run/.containerenv exists (Podman)'],
      ],
    },
  },
  ecs: {
    exitCodes: STANDARD_CODES,
    interrupted: 'signal',
    deadlineMs: 4_000,
    outputCapBytes: 4096,
    ownTimeout: { setting: 'healthCheck.timeout', defaultMs: 5000, written: 'seconds', initMs: 5000 },
    detect: { env: ['ECS_CONTAINER_METADATA_URI_V4'] },
  },
  systemd: {
    exitCodes: STANDARD_CODES,
    interrupted: 'signal',
    deadlineMs: 10_000,
    outputCapBytes: null,
    ownTimeout: { setting: 'TimeoutStartSec=', defaultMs: 90_000, written: 'duration' },
    detect: { env: ['INVOCATION_ID', 'NOTIFY_SOCKET'] },
  },
  nagios: {
    exitCodes: { pass: 0, warn: 1, usage: 3, unreachable: 2, timeout: 2, 'bad-response': 3, fail: 2 },
    // UNKNOWN: the check did not finish, which is neither OK nor a verdict on the service.
    interrupted: 3,
    deadlineMs: 8_000,
    outputCapBytes: null,
    ownTimeout: { setting: 'service_check_timeout', defaultMs: 60_000, written: 'seconds' },
    detect: null,
  },
} as const satisfies Record<RuntimeName, RuntimeFacts>;

/** The exit code of each outcome under each runtime: the library's view of {@link RUNTIMES}. */
export const EXIT_CODES: Record<RuntimeName, Readonly<Record<Outcome, number>>> = /* @__PURE__ */ eachRuntime((r) => r.exitCodes);
/** healthctl's default deadline per runtime. */
export const DEFAULT_DEADLINE_MS: Record<RuntimeName, number> = /* @__PURE__ */ eachRuntime((r) => r.deadlineMs);
/** Bytes the runtime keeps of a check's output; null where it keeps everything. */
export const OUTPUT_CAP_BYTES: Record<RuntimeName, number | null> = /* @__PURE__ */ eachRuntime((r) => r.outputCapBytes);

function eachRuntime<T>(pick: (facts: RuntimeFacts) => T): Record<RuntimeName, T> {
  const { plain, kubernetes, docker, ecs, systemd, nagios } = RUNTIMES;
  return { plain: pick(plain), kubernetes: pick(kubernetes), docker: pick(docker), ecs: pick(ecs), systemd: pick(systemd), nagios: pick(nagios) };
}

/** `timeoutSeconds (default 1)`, `HEALTHCHECK --timeout (default 30s)`: the setting and its default as its configuration writes them. */
export function describeOwnTimeout(timeout: OwnTimeout): string {
  const seconds = timeout.defaultMs / 1000;
  return `${timeout.setting} (default ${timeout.written === 'seconds' ? seconds : `${seconds}s`})`;
}
