import { HealthReporter } from './reporter.js';

/** Options for {@link startScenario}; every duration is in milliseconds. */
export interface ScenarioOptions {
  /** When the last required component turns RUNNING; the others come up staggered before it. Default 5000. */
  readyAfterMs?: number | undefined;
  /** Whether `storage.backend` fails now and then after startup. Default true. */
  flap?: boolean | undefined;
  /** Time from ready to the first failure, and between failures. Default 15000. */
  flapEveryMs?: number | undefined;
  /** How long each failure lasts; less than `flapEveryMs`. Default 2000. */
  flapForMs?: number | undefined;
  /** How long {@link Scenario.drain} holds every component TERMINATING. Default 1500. */
  drainMs?: number | undefined;
}

/** A running scenario; see {@link startScenario}. */
export interface Scenario {
  /**
   * Stops startup and flapping, turns every reported component TERMINATING (errors cleared),
   * and resolves after `drainMs`. Calling it again returns the same promise.
   */
  drain(): Promise<void>;
  /** Clears every timer; a pending drain resolves at once. Components keep their last state. */
  stop(): void;
  /**
   * Hands NAME back to the scenario after something else reported or forgot it (which takes
   * it out of the scenario's hands): NAME gets the state the scenario has for it by now, or is
   * forgotten when the scenario does not report it, and follows the scenario again.
   * Returns false when NAME was not taken over.
   */
  release(name: string): boolean;
}

/** The required components of the scenario, in the order they come up. */
export const SCENARIO_REQUIRED = [
  'config.sync',
  'storage.backend',
  'authenticate.service',
  'authorize.service',
  'xds.cluster',
  'xds.listener',
  'envoy.server',
  'proxy.service',
] as const;

/** Reported by the scenario but not required: shown by diagnose, never decides a probe. */
export const SCENARIO_OPTIONAL = ['telemetry.exporter'] as const;

/** The error `storage.backend` reports while it flaps. */
export const FLAP_ERROR = 'ping postgres: context deadline exceeded';

type Step = readonly [at: number, act: (health: HealthReporter) => void];

const POSTGRES = { backend: 'postgres' };

// At fractions of readyAfterMs; ready is at 1. Names absent early show as unavailable.
const STARTUP: readonly Step[] = [
  [0, (h) => h.starting('config.sync')],
  [0, (h) => h.starting('authenticate.service')],
  [0, (h) => h.starting('authorize.service')],
  [0, (h) => h.starting('telemetry.exporter')],
  [0.1, (h) => h.running('config.sync', { source: 'file' })],
  [0.2, (h) => h.failed('storage.backend', 'dial tcp 127.0.0.1:5432: connect: connection refused', POSTGRES)],
  [0.3, (h) => h.running('telemetry.exporter', { exporter: 'otlp' })],
  [0.4, (h) => h.running('storage.backend', POSTGRES)],
  [0.5, (h) => h.running('authenticate.service')],
  [0.6, (h) => h.running('authorize.service')],
  [0.6, (h) => h.starting('xds.cluster')],
  [0.7, (h) => h.running('xds.cluster')],
  [0.7, (h) => h.starting('proxy.service')],
  [0.8, (h) => h.running('xds.listener')],
  [0.8, (h) => h.starting('envoy.server')],
  [0.9, (h) => h.running('envoy.server')],
  [1, (h) => h.running('proxy.service')],
];

/**
 * Drives `health` through a realistic, deterministic lifecycle: requires
 * {@link SCENARIO_REQUIRED}, brings the components up staggered over `readyAfterMs`
 * (`storage.backend` first fails to connect), then, with `flap`, makes `storage.backend`
 * report {@link FLAP_ERROR} for `flapForMs` every `flapEveryMs`. A component that anything
 * else reports or forgets leaves the scenario's hands until {@link Scenario.release}, so a
 * state set from outside sticks. Timers are unref'd: a scenario alone does not keep the
 * process alive.
 * @throws RangeError on a negative or non-finite duration, or `flapForMs >= flapEveryMs`.
 */
export function startScenario(health: HealthReporter, options: ScenarioOptions = {}): Scenario {
  const readyAfterMs = duration('readyAfterMs', options.readyAfterMs, 5000);
  const flapEveryMs = duration('flapEveryMs', options.flapEveryMs, 15_000);
  const flapForMs = duration('flapForMs', options.flapForMs, 2000);
  const drainMs = duration('drainMs', options.drainMs, 1500);
  if (flapForMs >= flapEveryMs) throw new RangeError('flapForMs must be shorter than flapEveryMs');

  const timers = new Set<NodeJS.Timeout>();
  const after = (ms: number, fn: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timer.unref();
    timers.add(timer);
  };
  const clearTimers = (): void => {
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
  };

  // The scenario plays its timeline on its own reporter and copies each change to `health`,
  // except for the components something else has taken over since.
  const planned = new HealthReporter();
  const taken = new Set<string>();
  let copying = false;
  const write = (change: () => void): void => {
    copying = true;
    try {
      change();
    } finally {
      copying = false;
    }
  };
  const copy = (name: string): void => {
    const state = planned.get(name);
    write(() => (state === undefined ? health.forget(name) : health.report(name, state)));
  };
  const unsubscribes = [
    health.subscribe((change) => {
      if (!copying && (change.type === 'report' || change.type === 'forget')) taken.add(change.name);
    }),
    planned.subscribe((change) => {
      if (!taken.has(change.name)) copy(change.name);
    }),
  ];

  const flapAfter = (ms: number): void =>
    after(ms, () => {
      planned.failed('storage.backend', FLAP_ERROR);
      after(flapForMs, () => {
        planned.clearError('storage.backend');
        flapAfter(flapEveryMs - flapForMs);
      });
    });

  health.require(...SCENARIO_REQUIRED);
  for (const [at, act] of STARTUP) {
    if (at === 0) act(planned);
    else after(at * readyAfterMs, () => act(planned));
  }
  if (options.flap ?? true) flapAfter(readyAfterMs + flapEveryMs);

  let draining: Promise<void> | undefined;
  let finishDrain: (() => void) | undefined;
  return {
    drain() {
      draining ??= new Promise<void>((resolve) => {
        clearTimers();
        // Shutting down is the service's own state: every component, taken over or not.
        for (const { name } of planned.snapshot().statuses) planned.terminating(name);
        write(() => {
          for (const { name } of health.snapshot().statuses) health.terminating(name);
        });
        finishDrain = resolve;
        after(drainMs, resolve);
      });
      return draining;
    },
    stop() {
      clearTimers();
      for (const unsubscribe of unsubscribes) unsubscribe();
      finishDrain?.();
    },
    release(name) {
      if (!taken.delete(name)) return false;
      copy(name);
      return true;
    },
  };
}

function duration(name: string, value: number | undefined, fallback: number): number {
  const ms = value ?? fallback;
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`${name} must be a finite number of milliseconds >= 0`);
  return ms;
}
