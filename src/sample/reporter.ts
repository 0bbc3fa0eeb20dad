/** The states a component reports, as Pomerium names them. */
export const COMPONENT_STATUSES = ['UNKNOWN', 'RUNNING', 'TERMINATING'] as const;

/**
 * A component's reported status: `UNKNOWN` while it starts (or when its first report was an
 * error), `RUNNING` once started, `TERMINATING` while it shuts down.
 */
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

/** What a component reports about itself; see {@link HealthReporter.report}. */
export interface ComponentReport {
  status: ComponentStatus;
  /** Why the component is failing; omitted, `null` or `''` means it is not. */
  error?: string | null | undefined;
  /** Replaces the component's attributes; omitted keeps the previous ones. */
  attributes?: Readonly<Record<string, string>> | undefined;
}

/** One component's current state, as the reporter holds it. Frozen. */
export interface ComponentState {
  readonly name: string;
  readonly status: ComponentStatus;
  readonly error: string | null;
  readonly attributes: Readonly<Record<string, string>>;
}

/** Everything the reporter knows at one instant; both lists are sorted by name. */
export interface HealthSnapshot {
  /** Every component ever reported and not forgotten, required or not. */
  statuses: ComponentState[];
  /** The required component names (Pomerium's `checks`), reported or not. */
  checks: string[];
}

/** One transition, delivered synchronously to subscribers after the state has changed. */
export type HealthChange =
  | { type: 'report'; name: string; previous: ComponentState | null; current: ComponentState }
  | { type: 'forget'; name: string; previous: ComponentState }
  | { type: 'require' | 'unrequire'; name: string };

/** Options for {@link HealthReporter}. */
export interface HealthReporterOptions {
  /** Names that must be reported before any probe passes (Pomerium's `checks`). */
  required?: Iterable<string> | undefined;
}

const NO_ATTRIBUTES: Readonly<Record<string, string>> = Object.freeze({});

/**
 * Holds the health state of a service's components, the way Pomerium's health manager does:
 * each component reports a status, optionally an error and attributes; a set of required
 * names decides the probes. Repeating the current state is not a transition.
 *
 * @example
 * const health = new HealthReporter({ required: ['storage.backend'] });
 * health.running('storage.backend', { backend: 'postgres' });
 * health.failed('storage.backend', new Error('ping postgres: timeout')); // RUNNING + error
 */
export class HealthReporter {
  readonly #states = new Map<string, ComponentState>();
  readonly #required = new Set<string>();
  readonly #listeners = new Set<(change: HealthChange) => void>();

  /** Creates a reporter; `options.required` lists the names the probes wait for. */
  constructor(options: HealthReporterOptions = {}) {
    for (const name of options.required ?? []) this.#required.add(checkName(name));
  }

  /**
   * Sets a component's status and error together (no error when `report.error` is omitted);
   * attributes are replaced when given and kept otherwise. Returns the state now held.
   * @throws TypeError on an empty name, an unknown status or a non-string attribute value.
   */
  report(name: string, report: ComponentReport): ComponentState {
    checkName(name);
    if (!isComponentStatus(report.status)) {
      throw new TypeError(`status must be one of ${COMPONENT_STATUSES.join(', ')}, got ${String(report.status)}`);
    }
    const previous = this.#states.get(name) ?? null;
    const attributes =
      report.attributes === undefined ? (previous?.attributes ?? NO_ATTRIBUTES) : copyAttributes(report.attributes);
    const current: ComponentState = Object.freeze({
      name,
      status: report.status,
      error: report.error || null,
      attributes,
    });
    if (previous !== null && sameState(previous, current)) return previous;
    this.#states.set(name, current);
    this.#emit({ type: 'report', name, previous, current });
    return current;
  }

  /** Reports the component started and healthy: `RUNNING`, error cleared. */
  running(name: string, attributes?: Readonly<Record<string, string>>): ComponentState {
    return this.report(name, { status: 'RUNNING', attributes });
  }

  /** Reports the component still starting: `UNKNOWN`, error cleared. */
  starting(name: string, attributes?: Readonly<Record<string, string>>): ComponentState {
    return this.report(name, { status: 'UNKNOWN', attributes });
  }

  /**
   * Reports an error and keeps the status: a running component becomes `RUNNING` + error
   * (started but failing); one never reported before becomes `UNKNOWN` + error, as in Pomerium.
   * `error` may be an `Error` (its message is used) or any value (stringified).
   */
  failed(name: string, error: unknown, attributes?: Readonly<Record<string, string>>): ComponentState {
    const status = this.#states.get(name)?.status ?? 'UNKNOWN';
    return this.report(name, { status, error: errorText(error), attributes });
  }

  /** Reports the component shutting down: `TERMINATING`, error cleared. */
  terminating(name: string, attributes?: Readonly<Record<string, string>>): ComponentState {
    return this.report(name, { status: 'TERMINATING', attributes });
  }

  /** Clears a component's error and keeps its status; does nothing for a name never reported. */
  clearError(name: string): ComponentState | undefined {
    const state = this.#states.get(name);
    return state === undefined ? undefined : this.report(name, { status: state.status });
  }

  /** Forgets a component's reports (a required name becomes unavailable); true if it was known. */
  forget(name: string): boolean {
    const previous = this.#states.get(name);
    if (previous === undefined) return false;
    this.#states.delete(name);
    this.#emit({ type: 'forget', name, previous });
    return true;
  }

  /** Adds names to the required set (Pomerium's `checks`). */
  require(...names: string[]): void {
    for (const name of names) {
      if (this.#required.has(checkName(name))) continue;
      this.#required.add(name);
      this.#emit({ type: 'require', name });
    }
  }

  /** Removes names from the required set; their reports stay, shown but no longer deciding. */
  unrequire(...names: string[]): void {
    for (const name of names) {
      if (!this.#required.delete(name)) continue;
      this.#emit({ type: 'unrequire', name });
    }
  }

  /** The component's current state, or undefined if it was never reported. */
  get(name: string): ComponentState | undefined {
    return this.#states.get(name);
  }

  /** True if the name is in the required set. */
  isRequired(name: string): boolean {
    return this.#required.has(name);
  }

  /** A consistent copy of every state and the required set, sorted by name. */
  snapshot(): HealthSnapshot {
    return {
      statuses: [...this.#states.values()].sort((a, b) => compareNames(a.name, b.name)),
      checks: [...this.#required].sort(compareNames),
    };
  }

  /**
   * Calls `listener` after every transition. If listeners throw, every listener still runs,
   * the state stays changed, and the first error (or an AggregateError) is rethrown to the
   * caller that reported. Returns a function that unsubscribes.
   */
  subscribe(listener: (change: HealthChange) => void): () => void {
    const own = (change: HealthChange): void => listener(change);
    this.#listeners.add(own);
    return () => {
      this.#listeners.delete(own);
    };
  }

  #emit(change: HealthChange): void {
    const errors: unknown[] = [];
    for (const listener of [...this.#listeners]) {
      try {
        listener(change);
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, `${errors.length} health listeners failed`);
  }
}

/** True for the three statuses a component can report. */
export function isComponentStatus(value: unknown): value is ComponentStatus {
  return COMPONENT_STATUSES.some((status) => status === value);
}

/** Byte-wise order, as Go sorts map keys when it encodes JSON. */
export function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function checkName(name: unknown): string {
  if (typeof name !== 'string' || name === '') throw new TypeError('component name must be a non-empty string');
  return name;
}

function copyAttributes(attributes: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  const entries = Object.entries(attributes);
  for (const [key, value] of entries) {
    if (typeof value !== 'string') throw new TypeError(`attribute ${JSON.stringify(key)} must be a string`);
  }
  // fromEntries defines own properties, so a key like `__proto__` stays a plain key
  return Object.freeze(Object.fromEntries(entries));
}

function sameState(a: ComponentState, b: ComponentState): boolean {
  if (a.status !== b.status || a.error !== b.error) return false;
  if (a.attributes === b.attributes) return true;
  const entries = Object.entries(a.attributes);
  return (
    entries.length === Object.keys(b.attributes).length &&
    entries.every(([key, value]) => Object.hasOwn(b.attributes, key) && b.attributes[key] === value)
  );
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message || error.name : String(error);
  return text === '' ? 'unknown error' : text;
}
