import { HealthReporter } from './reporter.js';
import { startScenario } from './scenario.js';
import { serveHealth, type HealthServer } from './server.js';

/** Options for {@link runSampleService}; durations in milliseconds. */
export interface SampleServiceOptions {
  /** Default `127.0.0.1`. */
  host?: string | undefined;
  /** Default 28080 (Pomerium's health port); `0` picks a free one. */
  port?: number | undefined;
  /** Default 5000; see `ScenarioOptions.readyAfterMs`. */
  readyAfterMs?: number | undefined;
  /** Default true; see `ScenarioOptions.flap`. */
  flap?: boolean | undefined;
  /** Default 15000; see `ScenarioOptions.flapEveryMs`. */
  flapEveryMs?: number | undefined;
  /** Default 2000; see `ScenarioOptions.flapForMs`. */
  flapForMs?: number | undefined;
  /** Default 1500; how long the service drains before it closes. */
  drainMs?: number | undefined;
  /** Default false; see `ServeHealthOptions.control`. A component set there stays as set until released. */
  control?: boolean | undefined;
  /** Receives each log line, without a trailing newline. */
  log: (line: string) => void;
  /** Aborting it drains and stops the service, as SIGTERM does. */
  signal?: AbortSignal | undefined;
  /** Called with the base URL once the server listens (useful with `port: 0`). */
  onListening?: ((url: string) => void) | undefined;
}

/**
 * Runs the sample service until SIGTERM, SIGINT or `options.signal`: starts the scenario,
 * serves the health endpoints, logs `sample service listening on URL`, and on a stop request
 * drains (every component TERMINATING while the server keeps answering), closes, and
 * resolves 0. A second stop request cuts the drain short. Resolves 1, after logging why,
 * when the address cannot be bound. Signal handlers are removed before it resolves.
 * @throws RangeError from {@link startScenario} on invalid durations.
 */
export async function runSampleService(options: SampleServiceOptions): Promise<number> {
  const { log } = options;
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 28080;
  const drainMs = options.drainMs ?? 1500;
  const health = new HealthReporter();
  const scenario = startScenario(health, {
    readyAfterMs: options.readyAfterMs,
    flap: options.flap,
    flapEveryMs: options.flapEveryMs,
    flapForMs: options.flapForMs,
    drainMs,
  });

  // listen for stop requests first: one that comes while binding still drains
  const stops = listenForStop(options.signal);
  let server: HealthServer;
  try {
    server = await serveHealth(health, { host, port, control: options.control, release: (name) => scenario.release(name) });
  } catch (error) {
    stops.dispose();
    scenario.stop();
    log(`sample service cannot listen on ${host}:${port}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  log(`sample service listening on ${server.url}`);
  options.onListening?.(server.url);

  try {
    const reason = await stops.first;
    log(`sample service ${reason}: draining for ${drainMs} ms`);
    await Promise.race([scenario.drain(), stops.second]);
  } finally {
    stops.dispose();
    scenario.stop();
    await server.close();
  }
  log('sample service stopped');
  return 0;
}

/** The first and second stop request, from SIGTERM, SIGINT or the abort signal. */
function listenForStop(signal: AbortSignal | undefined): {
  first: Promise<string>;
  second: Promise<string>;
  dispose(): void;
} {
  const first = deferred<string>();
  const second = deferred<string>();
  let received = 0;
  const request = (reason: string): void => {
    received += 1;
    if (received === 1) first.resolve(reason);
    else second.resolve(reason);
  };
  const onSignal = (name: NodeJS.Signals): void => request(`received ${name}`);
  const onAbort = (): void => request('stopping');
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  if (signal?.aborted === true) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  return {
    first: first.promise,
    second: second.promise,
    dispose() {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      signal?.removeEventListener('abort', onAbort);
    },
  };
}

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}
